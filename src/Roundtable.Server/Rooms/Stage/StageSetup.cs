namespace Roundtable.Server.Rooms;

public static class StageSetup
{
    /// <summary>The server side of the stage (presentations and slides) in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddStageFeature(this IServiceCollection services)
    {
        services.AddSingleton<ITranscriptPart, StageTranscript>();
        services.AddSingleton<StageFiles>();
        return services;
    }
}
