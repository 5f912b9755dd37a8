namespace Roundtable.Core.Plans;

/// <summary>The planning exercises' event types (and a notification read), as the event serializer knows them.</summary>
public static class PlanEventTypes
{
    public static readonly IReadOnlyList<Type> All =
        [typeof(PlanExerciseAssigned), typeof(PlanWritten), typeof(PlanReflectionWritten), typeof(PlanFeedbackGiven), typeof(NotificationRead)];
}
