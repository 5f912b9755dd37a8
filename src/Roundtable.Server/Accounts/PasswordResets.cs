using System.Globalization;
using System.Threading.Channels;
using Roundtable.Server.Email;

namespace Roundtable.Server.Accounts;

/// <summary>
/// Password-reset requests, handled off the request path: the request only queues the address, so its answer and its
/// time are the same whether the address has an account or not. The queue is bounded (the sign-in rate limit keeps it
/// short): when it is full a request is dropped, as a lost email would be, and the person asks again.
/// </summary>
public sealed partial class PasswordResets(IServiceProvider services, ILogger<PasswordResets> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(string email) => _queue.Writer.TryWrite(email);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ResetFailed(logger, ex);
            }
        }
    }

    private async Task SendAsync(string email, CancellationToken cancellationToken)
    {
        var accounts = services.GetRequiredService<AccountService>();
        if (accounts.FindByEmail(email) is not { } account)
        {
            return;
        }
        var links = services.GetRequiredService<AccountLinks>();
        var outbox = services.GetRequiredService<MailOutbox>();
        if (await links.IssuePasswordResetAsync(account.Id, cancellationToken) is not { } token)
        {
            return;
        }
        var linkId = AccountLinks.IdOf(AccountLinks.HashOf(token));
        var outcome = await outbox.SendOnceAsync($"password-reset:{account.Id}:{linkId}", account.Id, EmailKinds.PasswordReset, user => new EmailMessage(
            "Choose a new Roundtable password",
            $"""
            Someone (we hope you) asked to reset the password of your Roundtable account, {user.Email}. Choose a new one here:

            {outbox.Link($"/reset-password.html?token={token}")}

            The link works once, until {links.ExpiryOf(token)?.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}. Setting a new password signs you out everywhere else.

            If you did not ask for this, ignore this email: your password stays as it is.
            """), cancellationToken);
        Log.ResetSent(logger, account.Id, linkId, outcome);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7732, Level = LogLevel.Information, Message = "Password-reset link {LinkId} for account {UserId}: {Outcome}")]
        public static partial void ResetSent(ILogger logger, string userId, string linkId, MailOutcome outcome);

        [LoggerMessage(EventId = 7733, Level = LogLevel.Error, Message = "Sending a password-reset link failed")]
        public static partial void ResetFailed(ILogger logger, Exception exception);
    }
}
