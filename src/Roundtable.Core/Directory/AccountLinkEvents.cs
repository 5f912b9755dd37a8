using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// One-time links that let a person choose a password without knowing one: an invitation's and a password reset's.
// Only the SHA-256 of each link's token is on the log; the token itself is only ever in the email. Any password change
// of the account ends every link it has; a newer link of the same purpose replaces the older ones.

/// <summary>An invitation link for an invited account (its first, or one sent again), good until <paramref name="ExpiresAt"/>.</summary>
public sealed record InvitationIssued(string UserId, string TokenHash, DateTimeOffset ExpiresAt, string IssuedBy) : DirectoryEvent;

/// <summary>A password-reset link the person asked for, good until <paramref name="ExpiresAt"/>.</summary>
public sealed record PasswordResetIssued(string UserId, string TokenHash, DateTimeOffset ExpiresAt) : DirectoryEvent;
