namespace Roundtable.Core.Dashboard;

/// <summary>The dashboard's event types, as the event serializer knows them.</summary>
public static class DashboardEventTypes
{
    public static readonly IReadOnlyList<Type> All = [typeof(DashboardThresholdsSet), typeof(CalibratedAggregateChosen)];
}
