namespace Roundtable.Server.Email;

/// <summary>One kind of email: what the settings page and the unsubscribe page call it.</summary>
public sealed record EmailKindInfo(string Kind, string Label, bool Optional);

/// <summary>
/// The kinds of email Roundtable sends. Each person chooses which optional kinds they receive; invitations and
/// password resets are the answer to something asked for and always go.
/// </summary>
public static class EmailKinds
{
    public const string Invitation = "invitation";
    public const string PasswordReset = "password-reset";
    public const string AccessRequests = "access-requests";
    public const string RoundtableSchedule = "roundtable-schedule";
    public const string Reminders = "reminders";
    public const string MentorRequests = "mentor-requests";
    public const string CirclePlacement = "circle-placement";
    public const string FeedbackReleased = "feedback-released";
    public const string PlanReviewed = "plan-reviewed";
    public const string DiscussionMentions = "discussion-mentions";
    public const string DiscussionReplies = "discussion-replies";

    public static readonly IReadOnlyList<EmailKindInfo> All =
    [
        new(Invitation, "Invitations to Roundtable", Optional: false),
        new(PasswordReset, "Password reset links", Optional: false),
        new(RoundtableSchedule, "Roundtables scheduled, moved or cancelled (with calendar invitations)", Optional: true),
        new(Reminders, "Reminders a day and 15 minutes before a roundtable", Optional: true),
        new(AccessRequests, "Requests to join a cohort, and their answers", Optional: true),
        new(MentorRequests, "Mentor requests received and answered", Optional: true),
        new(CirclePlacement, "Being placed in a circle or matched with a mentor", Optional: true),
        new(FeedbackReleased, "Feedback on your presentations released to you", Optional: true),
        new(PlanReviewed, "Feedback on your plans and reflections", Optional: true),
        new(DiscussionMentions, "Being mentioned in a discussion", Optional: true),
        new(DiscussionReplies, "New replies in discussion threads you follow", Optional: true),
    ];

    public static EmailKindInfo? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);

    public static bool IsOptional(string kind) => Find(kind)?.Optional ?? throw new ArgumentException($"Unknown email kind '{kind}'.", nameof(kind));
}
