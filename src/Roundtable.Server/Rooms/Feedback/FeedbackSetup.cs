namespace Roundtable.Server.Rooms;

public static class FeedbackSetup
{
    /// <summary>The server side of feedback on presentations in a room (its hub methods are on <see cref="RoomHub"/>).</summary>
    public static IServiceCollection AddFeedbackFeature(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackDeadlines>();
        services.AddSingleton<FeedbackWindows>();
        services.AddSingleton<ITranscriptPart, FeedbackTranscript>();
        services.AddSingleton<IRoomDeliveryPolicy, FeedbackDeliveryPolicy>();
        return services;
    }
}
