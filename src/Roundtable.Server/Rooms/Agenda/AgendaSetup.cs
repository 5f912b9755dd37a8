namespace Roundtable.Server.Rooms;

public static class AgendaSetup
{
    /// <summary>The server side of the agenda and the timer in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddAgendaFeature(this IServiceCollection services)
    {
        services.AddSingleton<PresentationSlots>();
        services.AddSingleton<ITranscriptPart, AgendaTranscript>();
        services.AddSingleton<IRoomJoinStep, OpeningAgenda>();
        return services;
    }
}
