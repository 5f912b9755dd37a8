using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// What a person is told about and when: invitations, their time zone, which kinds of email they receive.

/// <summary>
/// An account made for someone who has not chosen a password yet (invited one at a time or from a CSV file). It cannot
/// be signed in to until its person sets a password through the invitation email's one-time link.
/// </summary>
public sealed record UserInvited(string UserId, string Email, string DisplayName, string InvitedBy) : DirectoryEvent;

/// <summary>The IANA time zone (e.g. "Europe/Berlin") the person reads times in.</summary>
public sealed record TimeZoneSet(string UserId, string TimeZone) : DirectoryEvent;

/// <summary>Whether the person receives one kind of email (see the server's EmailKinds); everything optional starts on.</summary>
public sealed record EmailPreferenceSet(string UserId, string Kind, bool Receive) : DirectoryEvent;
