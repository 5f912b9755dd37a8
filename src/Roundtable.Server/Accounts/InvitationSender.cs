using System.Globalization;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Email;

namespace Roundtable.Server.Accounts;

/// <summary>Issues an invitation link and emails it to the invited person.</summary>
public sealed partial class InvitationSender(AccountLinks links, CohortAccess access, MailOutbox outbox, ILogger<InvitationSender> logger)
{
    /// <summary>
    /// True when a link was issued and handed to the mail outbox (which sends it once); false when the account is not
    /// invited (any more), or, with <paramref name="notBefore"/>, when a link was already issued since then (by another node).
    /// </summary>
    public async Task<bool> SendAsync(string userId, string invitedBy, DateTime? notBefore, CancellationToken cancellationToken)
    {
        if (await links.IssueInvitationAsync(userId, invitedBy, notBefore, cancellationToken) is not { } token)
        {
            return false;
        }
        var inviter = access.User(invitedBy)?.DisplayName;
        var linkId = AccountLinks.IdOf(AccountLinks.HashOf(token));
        var outcome = await outbox.SendOnceAsync($"invitation:{userId}:{linkId}", userId, EmailKinds.Invitation, user => new EmailMessage(
            "You are invited to Roundtable",
            $"""
            {(inviter is null ? "You have been" : $"{inviter} has")} invited you to Roundtable, where your program's cohort meets, gives feedback and plans between sessions.

            Your account is ready for {user.Email}. Choose your password here:

            {outbox.Link($"/invite.html?token={token}")}

            The link works once and until {links.ExpiryOf(token)?.ToString("d MMMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}. If it has expired, ask whoever invited you to send a new one.
            """), cancellationToken);
        Log.InvitationSent(logger, userId, linkId, outcome);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7731, Level = LogLevel.Information, Message = "Invitation link {LinkId} for account {UserId}: {Outcome}")]
        public static partial void InvitationSent(ILogger logger, string userId, string linkId, MailOutcome outcome);
    }
}

/// <summary>
/// Sends the invitation when an account is invited (from the set-up screens, a CSV import or the API). The sender is
/// resolved on first use: it writes to the directory, whose writer waits on the projector that this mailer listens to.
/// </summary>
public sealed class InvitationMailer(IServiceProvider services) : IEventMailer
{
    public Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken) => stored.Event is UserInvited invited
        ? services.GetRequiredService<InvitationSender>().SendAsync(invited.UserId, invited.InvitedBy, stored.At.UtcDateTime, cancellationToken)
        : Task.CompletedTask;
}
