namespace Roundtable.Core.Rooms;

public sealed record OpenPoll(string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous) : RoomCommand;

/// <summary>Votes in the poll opened at seq <see cref="PollId"/>, replacing any earlier vote: one option index, or a set when multiple choice.</summary>
public sealed record VoteInPoll(long PollId, IReadOnlyList<int> Choices) : RoomCommand;

public sealed record ClosePoll(long PollId) : RoomCommand;

public static class PollLimits
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxQuestionLength = 300;
    public const int MaxOptionLength = 100;
}
