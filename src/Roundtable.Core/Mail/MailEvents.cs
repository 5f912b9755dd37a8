using Roundtable.Core.Events;

namespace Roundtable.Core.Mail;

// An email is sent once, however many nodes see the event that asks for it: each email has its own stream, and the
// node whose claim is appended first (expected version 0) is the one that sends it.

/// <summary>Events on one email's stream.</summary>
public abstract record MailEvent : DomainEvent;

/// <summary>
/// This node sends the email named by <paramref name="Key"/> (what it is about, to whom). An email that gathers what
/// happened since the previous one under its key records in <paramref name="Mark"/> how far it covers (a log position):
/// the next one starts after it, so nothing is told twice or left out.
/// </summary>
public sealed record EmailClaimed(string Key, string UserId, string Kind, string Node, long? Mark = null) : MailEvent;

/// <summary>The mail server accepted it.</summary>
public sealed record EmailSent(string Key) : MailEvent;

/// <summary>Every attempt failed; the reason is the last mail server's answer or error.</summary>
public sealed record EmailFailed(string Key, string Reason) : MailEvent;

/// <summary>The person has turned this kind of email off; nothing was sent.</summary>
public sealed record EmailSkipped(string Key, string Reason) : MailEvent;

public static class MailEventTypes
{
    public static readonly IReadOnlyList<Type> All = [typeof(EmailClaimed), typeof(EmailSent), typeof(EmailFailed), typeof(EmailSkipped)];
}
