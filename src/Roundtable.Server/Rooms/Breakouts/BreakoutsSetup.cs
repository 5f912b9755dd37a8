namespace Roundtable.Server.Rooms;

public static class BreakoutsSetup
{
    /// <summary>The server side of breakout groups in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddBreakoutsFeature(this IServiceCollection services)
    {
        services.AddSingleton<IBreakoutGrouping, BreakoutGrouping>();
        services.AddSingleton<BreakoutCoordinator>();
        services.AddSingleton<IRoomJoinStep>(services => services.GetRequiredService<BreakoutCoordinator>());
        services.AddSingleton<ITranscriptPart, BreakoutsTranscript>();
        return services;
    }
}
