namespace Roundtable.Server.Email;

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What one email says, before the outbox addresses it and adds the greeting and footer. <paramref name="Text"/> is
/// plain text (links written out). <paramref name="Calendar"/>: an iCalendar text sent both as an inline text/calendar
/// part with method <paramref name="CalendarMethod"/> ("REQUEST", "CANCEL", ...), which mail clients show as an
/// invitation, and as an "invite.ics" attachment for everyone else.
/// </summary>
public sealed record EmailMessage(
    string Subject,
    string Text,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    string? Calendar = null,
    string? CalendarMethod = null);
