namespace Roundtable.Core.Rooms;

/// <summary>The polls' commands.</summary>
public abstract record PollCommand : RoomCommand;

public sealed record OpenPoll(string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous) : PollCommand;

/// <summary>Votes in the poll opened at seq <see cref="PollId"/>, replacing any earlier vote: one option index, or a set when multiple choice.</summary>
public sealed record VoteInPoll(long PollId, IReadOnlyList<int> Choices) : PollCommand;

public sealed record ClosePoll(long PollId) : PollCommand;

public static class PollLimits
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxQuestionLength = 300;
    public const int MaxOptionLength = 100;
}
