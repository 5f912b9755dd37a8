using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// Sessions and passwords. Every node keeps a user's security stamp and signed-out sessions in its read model, so a
// cookie or token that ended on one node is refused on all of them.

/// <summary>
/// A new password, and with it a new security stamp: every cookie and token issued under the old stamp stops working
/// (the session that changed it is issued afresh).
/// </summary>
public sealed record PasswordChanged(string UserId, string PasswordHash, string SecurityStamp) : DirectoryEvent;

/// <summary>"Sign out everywhere": a new security stamp ends every session and bearer token of the account.</summary>
public sealed record SignedOutEverywhere(string UserId, string SecurityStamp) : DirectoryEvent;

/// <summary>
/// One session signed out: its cookie or token is refused from now on. <paramref name="Until"/> is when it would have
/// expired anyway; after that the record of it can go.
/// </summary>
public sealed record SignedOut(string UserId, string SessionId, DateTimeOffset Until) : DirectoryEvent;
