namespace Roundtable.Server.Email;

/// <summary>Outgoing email. Bound from the "Email" section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender every email carries, e.g. "Roundtable &lt;roundtable@example.org&gt;".</summary>
    public string From { get; set; } = "Roundtable <roundtable@localhost>";

    /// <summary>
    /// Where people reach this deployment in a browser (scheme://host[:port]): every link in an email starts with it.
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// <summary>The mail server; without a host, emails are written as .eml files to <see cref="OutboxDirectory"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where emails go when no mail server is set; relative to the data directory. Default "outbox".</summary>
    public string OutboxDirectory { get; set; } = "outbox";

    /// <summary>
    /// Emails that an event asks for are sent only for events this young: a node that replays old history, or comes
    /// back after a long outage, does not send yesterday's news.
    /// </summary>
    public TimeSpan SendEventsWithin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts to hand one email to the mail server before it is recorded as failed.</summary>
    public int SendAttempts { get; set; } = 4;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>"Auto" (STARTTLS when offered), "StartTls", "SslOnConnect" or "None".</summary>
    public string Security { get; set; } = "Auto";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
