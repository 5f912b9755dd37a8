using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class FeedbackTranscript : ITranscriptPart
{
    // Scores, comments, ratings and reflections are the presenter's and the coach's business: the transcript
    // records that feedback happened, and who gave it only where the reader's view still carries the name.
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        FeedbackWindowOpened e => $"Feedback opened on {e.PresenterName}'s presentation ({e.Rubric.Name}, version {e.Rubric.Version}; {Describe(e.Anonymity)})",
        FeedbackSubmitted { DisplayName: { } name } e => e.Revision > 1 ? $"{name} revised their feedback" : $"{name} gave feedback",
        FeedbackWindowClosed e => e.ByUserId is null ? "Feedback closed at its deadline" : "Feedback closed",
        FeedbackReleased => "Feedback results released to the peers",
        FeedbackStageShown e => e.Shown ? "Feedback results shown on the stage" : "Feedback results taken off the stage",
        _ => null,
    };

    private static string Describe(FeedbackAnonymity anonymity) => anonymity switch
    {
        FeedbackAnonymity.Named => "named",
        FeedbackAnonymity.AnonymousToPresenter => "anonymous to the presenter",
        _ => "fully anonymous",
    };
}
