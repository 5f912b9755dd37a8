namespace Roundtable.Core.Directory;

/// <summary>The directory's event types (accounts, programs, cohorts, memberships, schedules, rubrics), as the event serializer knows them.</summary>
public static class DirectoryEventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(UserRegistered), typeof(ProgramCreated), typeof(CohortCreated), typeof(MemberAdded), typeof(MemberRemoved),
        typeof(RoundtableScheduled), typeof(RubricSaved), typeof(ManagerSet),
        typeof(PasswordChanged), typeof(SignedOutEverywhere), typeof(SignedOut),
        typeof(UserInvited), typeof(TimeZoneSet), typeof(EmailPreferenceSet),
        typeof(ProgramEdited), typeof(ProgramArchived), typeof(ProgramTemplateSet), typeof(CohortEdited), typeof(CohortTemplateCopied),
        typeof(InvitationIssued), typeof(PasswordResetIssued),
        typeof(AccessRequestsSet), typeof(AccessRequested), typeof(AccessRequestAnswered),
        typeof(RoundtableRescheduled), typeof(RoundtableCancelled), typeof(ScheduleAnnounced), typeof(CalendarFeedIssued), typeof(CalendarFeedRevoked),
    ];
}
