namespace Roundtable.Core.Rooms;

/// <summary>The questions' commands (Q&amp;A).</summary>
public abstract record QuestionCommand : RoomCommand;

/// <summary>Asks a question in Markdown; an anonymous one hides the asker from peers, never from the coach.</summary>
public sealed record AskQuestion(string Markdown, bool Anonymous) : QuestionCommand;

/// <summary>Upvotes (or, with <see cref="Upvote"/> false, withdraws the upvote of) the question asked at seq <see cref="QuestionId"/>.</summary>
public sealed record UpvoteQuestion(long QuestionId, bool Upvote) : QuestionCommand;

public sealed record MarkQuestionAnswered(long QuestionId) : QuestionCommand;

public sealed record PinQuestion(long QuestionId, bool Pinned) : QuestionCommand;

public sealed record DismissQuestion(long QuestionId) : QuestionCommand;

/// <summary>Turns the review queue on or off: while on, a learner's or manager's new question waits for a coach's approval.</summary>
public sealed record SetQuestionReview(bool On) : QuestionCommand;

/// <summary>Lets a question waiting for review through to the room.</summary>
public sealed record ApproveQuestion(long QuestionId) : QuestionCommand;

public static class QuestionLimits
{
    /// <summary>The largest question, in UTF-8 bytes of Markdown.</summary>
    public const int MaxQuestionBytes = 2 * 1024;
}
