using Roundtable.Core.Feedback;

namespace Roundtable.Server.Feedback;

public static class FeedbackSetup
{
    /// <summary>Rubrics: the catalog the API and the rooms read them from. Feedback in a room is the room feature <c>Rooms/Feedback</c>.</summary>
    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RubricCatalog>();
        builder.Services.AddOptions<CalibrationOptions>().BindConfiguration(CalibrationOptions.Section)
            .Validate(o => o.MinimumPresentations >= 1, "Calibration:MinimumPresentations is at least 1.").ValidateOnStart();
        return builder;
    }
}
