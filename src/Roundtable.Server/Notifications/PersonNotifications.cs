using Roundtable.Core.Log;
using Roundtable.Core.Matching;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Notifications;

/// <summary>
/// The notifications that matching and feedback make: a mentor request received or answered, a place in a circle or
/// with a mentor, feedback released to its presenter. Written by the projection, in the same transaction as the event's
/// read models, so every node has the same ones under the same ids.
/// </summary>
public static class PersonNotifications
{
    public const string MentorRequested = "mentor-requested";
    public const string MentorRequestAnswered = "mentor-request-answered";
    public const string MentorMatched = "mentor-matched";
    public const string CirclePlacement = "circle-placement";
    public const string FeedbackReleased = "feedback-released";

    private const string CirclesPage = "/circles.html";

    /// <summary>Whether the event makes notifications (so the projection gives it a transaction).</summary>
    public static bool Notifies(StoredEvent stored) => stored.Event is Core.Matching.MentorRequested or Core.Matching.MentorRequestAnswered
        or MentorshipFormed or CircleFormed or Core.Rooms.FeedbackReleased { PresenterUserId: not null };

    /// <summary>Writes the event's notifications; run after the event's own read models are updated.</summary>
    public static void Apply(RoundtableDb db, StoredEvent stored)
    {
        switch (stored.Event)
        {
            case Core.Matching.MentorRequested e:
                Notify(db, stored, e.MentorId, MentorRequested, $"{NameOf(db, e.LearnerId)} asks you to be their mentor.", CirclesPage);
                break;
            case Core.Matching.MentorRequestAnswered e when db.MentorRequests.FindById(e.RequestId) is { } request:
                Notify(db, stored, request.LearnerId, MentorRequestAnswered, e.Accepted
                    ? $"{NameOf(db, request.MentorId)} accepted your mentor request."
                    : $"{NameOf(db, request.MentorId)} declined your mentor request.", CirclesPage);
                break;
            // An accepted request (formed by the mentor) was already told through its answer.
            case MentorshipFormed e when e.FormedBy != e.MentorId:
                Notify(db, stored, e.LearnerId, MentorMatched, $"{NameOf(db, e.MentorId)} is now your mentor.", CirclesPage);
                Notify(db, stored, e.MentorId, MentorMatched, $"You are now {NameOf(db, e.LearnerId)}'s mentor.", CirclesPage);
                break;
            case CircleFormed e:
                var meets = $"{(e.Cadence.EveryWeeks == 2 ? "every other " : "")}{e.Cadence.Day}{(e.Cadence.EveryWeeks == 2 ? "" : "s")} at {e.Cadence.Time:HH\\:mm} ({e.Cadence.TimeZone})";
                foreach (var member in e.MemberIds.Append(e.MentorId).OfType<string>().Distinct())
                {
                    Notify(db, stored, member, CirclePlacement, $"You are in a circle on “{e.Focus}”; it meets {meets}.", CirclesPage);
                }
                break;
            case Core.Rooms.FeedbackReleased { PresenterUserId: { } presenter }:
                var title = db.Roundtables.FindById(StreamNames.RoomIdOf(stored.Stream))?.Title ?? "a roundtable";
                Notify(db, stored, presenter, FeedbackReleased, $"The feedback on your presentation in “{title}” has been released to you.", "/presentations.html");
                break;
        }
    }

    private static void Notify(RoundtableDb db, StoredEvent stored, string userId, string kind, string text, string link) =>
        NotificationRecord.Write(db, stored, userId, kind, text, link);

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Someone";
}
