using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Accounts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>One-time links into read models: a new link replaces the account's older ones of its purpose; a password change ends them all.</summary>
public static class AccountLinkProjection
{
    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var (userId, hash, expiresAt, purpose) = stored.Event switch
        {
            InvitationIssued e => (e.UserId, e.TokenHash, e.ExpiresAt, AccountLinkPurpose.Invitation),
            PasswordResetIssued e => (e.UserId, e.TokenHash, e.ExpiresAt, AccountLinkPurpose.PasswordReset),
            _ => throw new InvalidOperationException($"Not a link event: {stored.Event.GetType().Name}."),
        };
        foreach (var older in db.AccountLinks.Find(l => l.UserId == userId).Where(l => l.Purpose == purpose).ToList())
        {
            db.AccountLinks.Delete(older.Id);
        }
        db.AccountLinks.Upsert(new AccountLinkRecord { Id = hash, UserId = userId, Purpose = purpose, IssuedAt = stored.At.UtcDateTime, ExpiresAt = expiresAt.UtcDateTime });
        return true;
    }

    public static bool EndAll(RoundtableDb db, string userId) => db.AccountLinks.DeleteMany(l => l.UserId == userId) > 0;
}
