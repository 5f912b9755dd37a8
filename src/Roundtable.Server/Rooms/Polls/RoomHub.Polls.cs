using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A poll to open. <see cref="Kind"/> and <see cref="Visibility"/> may be left out (a live choice poll, as before they
/// existed); a rating or open-text poll needs no options.
/// </summary>
public sealed record OpenPollRequest(
    string? Question, IReadOnlyList<string?>? Options, bool MultipleChoice, bool Anonymous,
    PollKind? Kind = null, PollResultsVisibility? Visibility = null);

/// <summary>
/// The vote or answer as recorded: the poll and the caller's choices or text (also how an anonymous voter's page knows
/// its own vote), and the results when the caller may now see them (null when they show only at the close).
/// </summary>
public sealed record PollVoteResult(long PollId, IReadOnlyList<int> Choices, string? Text = null, PollResults? Results = null);

public sealed partial class RoomHub
{
    /// <summary>Opens a poll; returns its id.</summary>
    public async Task<long> OpenPoll(string? roomId, OpenPollRequest? request)
    {
        var kind = request?.Kind ?? PollKind.Choice;
        if (request?.Question is null || (kind == PollKind.Choice && request.Options is null) || (request.Options?.Any(o => o is null) ?? false))
        {
            throw new HubException("Malformed poll: give a question and a list of options.");
        }
        if (request.Options?.Count > PollLimits.MaxOptions)
        {
            throw new HubException($"A poll has at most {PollLimits.MaxOptions} options.");
        }
        var command = new OpenPoll(request.Question, [.. (request.Options ?? []).Select(o => o!)], request.MultipleChoice, request.Anonymous,
            kind, request.Visibility ?? PollResultsVisibility.Live);
        var outcome = await RunAsync(roomId, command);
        return outcome.Seq ?? 0;
    }

    public async Task<PollVoteResult> VoteInPoll(string? roomId, long pollId, int[]? choices)
    {
        if (choices is null || choices.Length > PollLimits.MaxOptions)
        {
            throw new HubException("Malformed vote: give the numbers of the options you choose.");
        }
        await RunAsync(roomId, new VoteInPoll(pollId, choices));
        return new PollVoteResult(pollId, [.. choices.Distinct().Order()], null, await VisiblePollResultsAsync(roomId, pollId));
    }

    /// <summary>Answers an open-text poll (again to change the answer).</summary>
    public async Task<PollVoteResult> AnswerPoll(string? roomId, long pollId, string? text)
    {
        // Whitespace is squeezed before the length is judged; far past that is not an answer.
        if (text is null || text.Length > PollLimits.MaxAnswerLength * 4)
        {
            throw new HubException($"Malformed answer: give the answer's text, at most {PollLimits.MaxAnswerLength} characters.");
        }
        await RunAsync(roomId, new AnswerPoll(pollId, text));
        var results = await VisiblePollResultsAsync(roomId, pollId);
        return new PollVoteResult(pollId, [], string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), results);
    }

    public Task ClosePoll(string? roomId, long pollId) => RunAsync(roomId, new ClosePoll(pollId));

    /// <summary>
    /// A poll's results as they stand, for whoever may see them now: staff, everyone in a live or closed poll, and under
    /// "after voting" those who voted (their page asks when a vote it cannot see arrives). Refused otherwise, saying when they show.
    /// </summary>
    public async Task<PollResults> GetPollResults(string? roomId, long pollId)
    {
        var (results, refusal) = await PollResultsForCallerAsync(roomId, pollId);
        return results ?? throw new HubException(refusal);
    }

    private async Task<PollResults?> VisiblePollResultsAsync(string? roomId, long pollId) => (await PollResultsForCallerAsync(roomId, pollId)).Results;

    private async Task<(PollResults? Results, string? Refusal)> PollResultsForCallerAsync(string? roomId, long pollId)
    {
        var byDirectory = roomAccess.ByDirectory(CallerId, roomId);
        var (actor, roundtable) = Admitted(byDirectory);
        return await runner.ReadAsync(roundtable.Id, state =>
        {
            Admitted(RoomAccess.InRoom(byDirectory, state));
            return state.Feature<PollsState>().ResultsFor(pollId, Viewer.Of(actor), state.Version);
        });
    }
}
