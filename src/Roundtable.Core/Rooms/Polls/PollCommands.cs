namespace Roundtable.Core.Rooms;

/// <summary>The polls' commands.</summary>
public abstract record PollCommand : RoomCommand;

/// <summary>
/// Opens a poll. A <see cref="PollKind.Choice"/> poll takes its <see cref="Options"/>; a rating scale always has the
/// values 1 to 5 and an open-text poll none, so their options are ignored.
/// </summary>
public sealed record OpenPoll(
    string Question, IReadOnlyList<string> Options, bool MultipleChoice, bool Anonymous,
    PollKind Kind = PollKind.Choice, PollResultsVisibility Visibility = PollResultsVisibility.Live) : PollCommand;

/// <summary>Votes in the poll opened at seq <see cref="PollId"/>, replacing any earlier vote: one option index, or a set when multiple choice.</summary>
public sealed record VoteInPoll(long PollId, IReadOnlyList<int> Choices) : PollCommand;

/// <summary>Answers an open-text poll, replacing the caller's earlier answer.</summary>
public sealed record AnswerPoll(long PollId, string Text) : PollCommand;

public sealed record ClosePoll(long PollId) : PollCommand;

public static class PollLimits
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int MaxQuestionLength = 300;
    public const int MaxOptionLength = 100;

    /// <summary>An open-text answer: a short phrase or sentence, so the answers stay readable as a list.</summary>
    public const int MaxAnswerLength = 200;

    /// <summary>How many words the word-frequency view of an open-text poll lists.</summary>
    public const int TopWords = 15;

    /// <summary>The values of a rating-scale poll, lowest first.</summary>
    public static readonly IReadOnlyList<string> RatingValues = ["1", "2", "3", "4", "5"];
}
