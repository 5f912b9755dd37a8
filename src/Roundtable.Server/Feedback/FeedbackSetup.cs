using Roundtable.Server.Rooms;

namespace Roundtable.Server.Feedback;

public static class FeedbackSetup
{
    /// <summary>Rubrics (the catalog the API and the rooms read them from) and the deadlines of feedback windows.</summary>
    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RubricCatalog>();
        builder.Services.AddSingleton<FeedbackDeadlines>();
        return builder;
    }
}
