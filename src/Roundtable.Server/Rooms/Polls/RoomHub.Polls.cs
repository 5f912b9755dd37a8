using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public sealed record OpenPollRequest(string? Question, IReadOnlyList<string?>? Options, bool MultipleChoice, bool Anonymous);

/// <summary>The vote as recorded: the poll and the caller's choices (also how an anonymous voter's page knows its own vote).</summary>
public sealed record PollVoteResult(long PollId, IReadOnlyList<int> Choices);

public sealed partial class RoomHub
{
    /// <summary>Opens a poll; returns its id.</summary>
    public async Task<long> OpenPoll(string? roomId, OpenPollRequest? request)
    {
        if (request?.Question is null || request.Options is null || request.Options.Any(o => o is null))
        {
            throw new HubException("Malformed poll: give a question and a list of options.");
        }
        if (request.Options.Count > PollLimits.MaxOptions)
        {
            throw new HubException($"A poll has at most {PollLimits.MaxOptions} options.");
        }
        var outcome = await RunAsync(roomId, new OpenPoll(request.Question, [.. request.Options!], request.MultipleChoice, request.Anonymous));
        return outcome.Seq ?? 0;
    }

    public async Task<PollVoteResult> VoteInPoll(string? roomId, long pollId, int[]? choices)
    {
        if (choices is null || choices.Length > PollLimits.MaxOptions)
        {
            throw new HubException("Malformed vote: give the numbers of the options you choose.");
        }
        await RunAsync(roomId, new VoteInPoll(pollId, choices));
        return new PollVoteResult(pollId, [.. choices.Distinct().Order()]);
    }

    public Task ClosePoll(string? roomId, long pollId) => RunAsync(roomId, new ClosePoll(pollId));
}
