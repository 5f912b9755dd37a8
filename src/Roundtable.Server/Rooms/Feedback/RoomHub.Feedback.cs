using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Rooms;

/// <param name="Moderation">Whether peers' comments wait for a coach's review; shown at once when left out.</param>
public sealed record OpenFeedbackRequest(
    string? PresentationId, string? RubricId, FeedbackAnonymity? Anonymity, int? AutoCloseMinutes, FeedbackModeration? Moderation = null);

/// <param name="SelfAssessment">True when the presenter assesses their own presentation (nobody else may).</param>
public sealed record SubmitFeedbackRequest(string? PresentationId, Dictionary<string, int>? Scores, Dictionary<string, string?>? Answers, bool SelfAssessment = false);

/// <summary>What was recorded: the submission's stable id and its revision number.</summary>
public sealed record FeedbackReceipt(long SubmissionId, int Revision);

public sealed partial class RoomHub
{
    /// <summary>Opens feedback on a presentation against the latest version of one of the program's rubrics.</summary>
    public Task OpenFeedback(string? roomId, OpenFeedbackRequest? request) =>
        request?.PresentationId is null || request.RubricId is null || request.Anonymity is null
            ? throw new HubException("Malformed request: give presentationId, rubricId and anonymity.")
            : RunAsync(roomId, (actor, room) => feedback.OpenAsync(
                actor, room, request.PresentationId, request.RubricId, request.Anonymity.Value, request.AutoCloseMinutes,
                request.Moderation ?? FeedbackModeration.ShownAtOnce));

    /// <summary>Gives or revises the caller's feedback (a peer's or the coach's by who calls; the presenter's as a self-assessment).</summary>
    public async Task<FeedbackReceipt> SubmitFeedback(string? roomId, SubmitFeedbackRequest? request)
    {
        if (request?.PresentationId is null || request.Scores is null)
        {
            throw new HubException("Malformed feedback: give presentationId and a score for each criterion.");
        }
        if (request.Scores.Count > RubricLimits.MaxCriteria || request.Answers?.Count > RubricLimits.MaxPrompts)
        {
            throw new HubException("Malformed feedback: more scores or answers than any rubric has.");
        }
        var answers = (request.Answers ?? []).Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!);
        var outcome = await RunAsync(roomId, new SubmitFeedback(request.PresentationId, request.Scores, answers, request.SelfAssessment));
        if (outcome.Appended.Count == 0)
        {
            // The same as before: nothing new recorded; the caller's submission stands as it was.
            return await runner.ReadAsync(Resolve(roomId).Roundtable.Id, state =>
                state.Feature<FeedbackState>().Find(request.PresentationId)?.FindByUser(Context.User!.UserId()!) is { } same
                    ? new FeedbackReceipt(same.Id, same.Revision)
                    : throw new HubException("Nothing was recorded."));
        }
        var stored = outcome.Appended[^1];
        var submitted = (FeedbackSubmitted)stored.Event;
        return new FeedbackReceipt(submitted.SubmissionId ?? stored.Seq, submitted.Revision);
    }

    public Task CloseFeedback(string? roomId, string? presentationId) =>
        RunAsync(roomId, new CloseFeedback(Required(presentationId)));

    public Task ReleaseFeedback(string? roomId, string? presentationId) =>
        RunAsync(roomId, new ReleaseFeedback(Required(presentationId)));

    public Task RateFeedback(string? roomId, string? presentationId, long submissionId, int helpfulness) =>
        RunAsync(roomId, new RateFeedback(Required(presentationId), submissionId, helpfulness));

    public Task FlagFeedback(string? roomId, string? presentationId, long submissionId, string? reason) =>
        RunAsync(roomId, new FlagFeedback(Required(presentationId), submissionId, reason ?? ""));

    public Task ModerateFeedback(string? roomId, string? presentationId, long submissionId, bool hide) =>
        RunAsync(roomId, new ModerateFeedback(Required(presentationId), submissionId, hide));

    /// <summary>Lets held peer comments through to the presenter: the ones given, or every held one when none are.</summary>
    public Task ApproveFeedback(string? roomId, string? presentationId, long[]? submissionIds) =>
        submissionIds?.Length > FeedbackLimits.MaxApprovalsAtOnce
            ? throw new HubException($"Approve at most {FeedbackLimits.MaxApprovalsAtOnce} comments at once.")
            : RunAsync(roomId, new ApproveFeedback(Required(presentationId), submissionIds));

    /// <summary>Puts the peers' aggregate on everyone's stage, or takes it down.</summary>
    public Task ShowFeedbackOnStage(string? roomId, string? presentationId, bool show) =>
        RunAsync(roomId, new ShowFeedbackOnStage(Required(presentationId), show));

    public Task WriteReflection(string? roomId, string? presentationId, string? markdown) =>
        RunAsync(roomId, new WriteReflection(Required(presentationId), markdown ?? ""));

    private static string Required(string? presentationId) =>
        string.IsNullOrWhiteSpace(presentationId) ? throw new HubException("Say which presentation.") : presentationId;
}
