using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Roundtable.Core.Log;
using Roundtable.Core.Mail;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Email;

public enum MailOutcome
{
    /// <summary>The mail server (or the outbox folder) accepted it.</summary>
    Sent,
    /// <summary>Another node, or an earlier call, already took this email on; nothing was sent here.</summary>
    AlreadyClaimed,
    /// <summary>The person has turned this kind of email off.</summary>
    OptedOut,
    /// <summary>Every attempt failed; recorded on the log.</summary>
    Failed,
    /// <summary>There is nobody (or no address) to send it to.</summary>
    NoRecipient,
    /// <summary>Claimed, but what it was to tell is gone (e.g. removed); recorded as skipped.</summary>
    NothingToSend,
}

/// <summary>What an earlier email under a key covered: when it was claimed, and up to which log position (null: not recorded).</summary>
public sealed record EmailCoverage(DateTimeOffset At, long? Mark)
{
    /// <summary>No email under the key yet.</summary>
    public static readonly EmailCoverage None = new(DateTimeOffset.MinValue, null);
}

/// <summary>
/// The one way to send an email. Each email has a key that names what it is about and for whom; the first node to
/// append its claim on the key's own stream (expected version 0) sends it, so an email asked for by an event that
/// every node sees goes once. At most once: a node that dies between its claim and the mail server's answer leaves
/// the email unsent, recorded as claimed and never finished.
/// </summary>
public sealed partial class MailOutbox(
    IMailTransport transport,
    EventStreamWriter writer,
    RoundtableDb db,
    UnsubscribeLinks unsubscribe,
    IOptions<EmailOptions> options,
    ILogger<MailOutbox> logger)
{
    private static readonly StreamWriteOptions ClaimWrites = new() { MaxAttempts = 1 };
    private static readonly StreamWriteOptions OutcomeWrites = new() { MaxAttempts = 3 };
    private static readonly string Node = $"{Environment.MachineName}-{Environment.ProcessId}";
    private readonly EmailOptions _options = options.Value;
    private readonly MailboxAddress _from = MailboxAddress.Parse(options.Value.From);

    /// <summary>An absolute link for an email, from <see cref="EmailOptions.PublicUrl"/>.</summary>
    public string Link(string pathAndQuery) => _options.PublicUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    public Task<MailOutcome> SendOnceAsync(
        string key, string userId, string kind, Func<UserRecord, EmailMessage> compose, CancellationToken cancellationToken = default) =>
        ClaimAndSendAsync(key, userId, kind, stream => writer.ExecuteAsync(FoldedStream.VersionOnly(stream), version => version > 0
            ? StreamDecision.Nothing<EmailCoverage?>(null)
            : StreamDecision.Append<EmailCoverage?>(EmailCoverage.None, new EmailClaimed(key, userId, kind, Node)), ClaimWrites, cancellationToken),
            (user, _) => compose(user), cancellationToken);

    /// <summary>
    /// An email that may go again under the same key, but never twice within <paramref name="quietFor"/> (measured from
    /// <paramref name="at"/>) and never for nothing new: it covers what happened up to log position
    /// <paramref name="mark"/>, and goes only when that is past what the previous email covered. The first node to claim
    /// the key's stream sends it. <paramref name="compose"/> gets what the previous email under the key covered (null:
    /// the first), so it can gather what happened since; it answers null when, after all, there is nothing to tell.
    /// </summary>
    public Task<MailOutcome> SendAtMostEveryAsync(
        string key, TimeSpan quietFor, DateTimeOffset at, long mark, string userId, string kind,
        Func<UserRecord, EmailCoverage?, EmailMessage?> compose, CancellationToken cancellationToken = default) =>
        ClaimAndSendAsync(key, userId, kind, stream => writer.ExecuteAsync(
            FoldedStream.Of<EmailCoverage?>(stream, null, (last, stored) => stored.Event is EmailClaimed claimed ? new EmailCoverage(stored.At, claimed.Mark) : last),
            last => last is { } previous && (at - previous.At < quietFor || mark <= previous.Mark)
                ? StreamDecision.Nothing<EmailCoverage?>(null)
                : StreamDecision.Append<EmailCoverage?>(last ?? EmailCoverage.None, new EmailClaimed(key, userId, kind, Node, mark)),
            ClaimWrites, cancellationToken),
            (user, previous) => compose(user, previous == EmailCoverage.None ? null : previous), cancellationToken);

    /// <summary>
    /// Checks the recipient, claims the key's stream through <paramref name="claim"/> (its answer: null when not claimed,
    /// otherwise what the previous claim covered, or <see cref="EmailCoverage.None"/>), then sends and records the outcome.
    /// A compose that answers null sends nothing and records that.
    /// </summary>
    private async Task<MailOutcome> ClaimAndSendAsync<TState>(
        string key, string userId, string kind, Func<string, Task<StreamWriteResult<TState, EmailCoverage?>>> claim,
        Func<UserRecord, EmailCoverage, EmailMessage?> compose, CancellationToken cancellationToken)
    {
        var optional = EmailKinds.IsOptional(kind);
        if (db.Users.FindById(userId) is not { Email.Length: > 0 } user)
        {
            return MailOutcome.NoRecipient;
        }
        if (optional && user.EmailOptOuts?.Contains(kind) == true)
        {
            return MailOutcome.OptedOut;
        }
        var stream = StreamNames.Mail(KeyHash(key));
        var claimed = await claim(stream);
        if (claimed.Answer is not { } previous || claimed.Busy)
        {
            return MailOutcome.AlreadyClaimed;
        }

        if (compose(user, previous) is not { } email)
        {
            await writer.ExecuteAsync(FoldedStream.VersionOnly(stream), _ => StreamDecision.Append(
                true, new EmailSkipped(key, "Nothing left to tell")), OutcomeWrites, cancellationToken);
            return MailOutcome.NothingToSend;
        }
        var message = Compose(user, kind, optional, email);
        string? failure = null;
        for (var attempt = 1; attempt <= _options.SendAttempts; attempt++)
        {
            try
            {
                await transport.SendAsync(message, cancellationToken);
                failure = null;
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = e.Message;
                LogAttemptFailed(kind, attempt, e.Message);
                if (attempt < _options.SendAttempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
                }
            }
        }
        await writer.ExecuteAsync(FoldedStream.VersionOnly(stream), _ => StreamDecision.Append(
            true, failure is null ? new EmailSent(key) : new EmailFailed(key, Shorten(failure))), OutcomeWrites, cancellationToken);
        if (failure is not null)
        {
            LogFailed(kind, failure);
            return MailOutcome.Failed;
        }
        return MailOutcome.Sent;
    }

    /// <summary>Addresses the email, greets the person, and (for an optional kind) adds how to stop receiving it.</summary>
    private MimeMessage Compose(UserRecord user, string kind, bool optional, EmailMessage email)
    {
        var message = new MimeMessage();
        message.From.Add(_from);
        message.To.Add(new MailboxAddress(user.DisplayName, user.Email));
        message.Subject = email.Subject;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Roundtable-Kind", kind);

        var text = new StringBuilder().Append("Hello ").Append(user.DisplayName).Append(",\n\n").Append(email.Text.TrimEnd()).Append("\n\n-- \nRoundtable\n");
        if (optional)
        {
            var token = Uri.EscapeDataString(unsubscribe.TokenFor(user.Id, kind));
            text.Append("Stop these emails (").Append(EmailKinds.Find(kind)!.Label.ToLowerInvariant()).Append("): ")
                .Append(Link($"/unsubscribe.html?token={token}")).Append('\n')
                .Append("Choose which emails you receive: ").Append(Link("/settings.html")).Append('\n');
            // RFC 8058: mail clients offer their own unsubscribe button, which posts to this address without a page.
            message.Headers.Add("List-Unsubscribe", $"<{Link($"/api/email/unsubscribe?token={token}")}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new TextPart("plain") { Text = text.ToString() };
        var builder = new BodyBuilder();
        MimeEntity content = body;
        if (email.Calendar is { } calendar)
        {
            // The inline text/calendar part is what makes Outlook, Gmail and others show Accept/Decline.
            var invitation = new TextPart("calendar") { Text = calendar };
            invitation.ContentType.Parameters.Add("method", email.CalendarMethod ?? "PUBLISH");
            invitation.ContentType.Charset = "utf-8";
            content = new MultipartAlternative { body, invitation };
            builder.Attachments.Add("invite.ics", Encoding.UTF8.GetBytes(calendar), new ContentType("application", "ics"));
        }
        foreach (var attachment in email.Attachments ?? [])
        {
            builder.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        if (builder.Attachments.Count == 0)
        {
            message.Body = content;
            return message;
        }
        var mixed = new Multipart("mixed") { content };
        foreach (var attachment in builder.Attachments)
        {
            mixed.Add(attachment);
        }
        message.Body = mixed;
        return message;
    }

    /// <summary>Keys name people and things in any characters; a stream name is this hash of it.</summary>
    private static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    private static string Shorten(string reason) => reason.Length <= 500 ? reason : reason[..500];

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Sending a {Kind} email failed (attempt {Attempt}): {Reason}")]
    private partial void LogAttemptFailed(string kind, int attempt, string reason);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "A {Kind} email could not be sent: {Reason}")]
    private partial void LogFailed(string kind, string reason);
}
