using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed partial class RoomHub
{
    /// <summary>Asks a question; returns its id, by which the asker's own page knows an anonymous question is theirs.</summary>
    public async Task<long> AskQuestion(string? roomId, string? markdown, bool anonymous)
    {
        if (markdown is null)
        {
            throw new HubException("Malformed question: give its Markdown text.");
        }
        var outcome = await RunAsync(roomId, new AskQuestion(markdown, anonymous));
        return outcome.Seq ?? 0;
    }

    public Task UpvoteQuestion(string? roomId, long questionId) => RunAsync(roomId, new UpvoteQuestion(questionId, true));

    public Task WithdrawQuestionUpvote(string? roomId, long questionId) => RunAsync(roomId, new UpvoteQuestion(questionId, false));

    public Task MarkQuestionAnswered(string? roomId, long questionId) => RunAsync(roomId, new MarkQuestionAnswered(questionId));

    public Task PinQuestion(string? roomId, long questionId, bool pinned) => RunAsync(roomId, new PinQuestion(questionId, pinned));

    public Task DismissQuestion(string? roomId, long questionId) => RunAsync(roomId, new DismissQuestion(questionId));

    /// <summary>Staff only: while on, learners' and managers' new questions wait for <see cref="ApproveQuestion"/>.</summary>
    public Task SetQuestionReview(string? roomId, bool on) => RunAsync(roomId, new SetQuestionReview(on));

    /// <summary>Staff only: a question waiting for review goes to the room.</summary>
    public Task ApproveQuestion(string? roomId, long questionId) => RunAsync(roomId, new ApproveQuestion(questionId));
}
