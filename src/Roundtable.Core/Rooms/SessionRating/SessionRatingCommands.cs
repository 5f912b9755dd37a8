namespace Roundtable.Core.Rooms;

/// <summary>The session rating's commands.</summary>
public abstract record SessionRatingCommand : RoomCommand;

/// <summary>
/// A learner who was in the roundtable rates it once it has ended: 1 to 5, with an optional comment (Markdown).
/// Rating again replaces the earlier rating.
/// </summary>
public sealed record RateSession(int Rating, string? Comment) : SessionRatingCommand;

public static class SessionRatingLimits
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    /// <summary>The largest comment, in UTF-8 bytes of Markdown.</summary>
    public const int MaxCommentBytes = 2 * 1024;
}
