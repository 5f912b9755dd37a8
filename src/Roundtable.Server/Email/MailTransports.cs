using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Email;

/// <summary>Hands a finished message on: to a mail server, or to a folder when there is none.</summary>
public interface IMailTransport
{
    /// <summary>Completes once the message is accepted (by the mail server, or on disk); throws when it was not.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through the configured SMTP server, one connection per message (emails here are few and far between).</summary>
public sealed class SmtpMailTransport(IOptions<EmailOptions> options) : IMailTransport
{
    private readonly SmtpOptions _smtp = options.Value.Smtp;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(_smtp.Host!, _smtp.Port, SecurityOf(_smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(_smtp.Username))
        {
            await client.AuthenticateAsync(_smtp.Username, _smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public static SecureSocketOptions SecurityOf(string security) => security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "sslonconnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>
/// With no mail server configured, each email is written as an .eml file (any mail client opens it) to the outbox
/// folder, flushed to disk before it counts as sent: nothing is silently dropped.
/// </summary>
public sealed class OutboxMailTransport(IOptions<EmailOptions> options, IOptions<StorageOptions> storage) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, options.Value.OutboxDirectory));

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'.'fff}-{Guid.NewGuid():N}.eml";
        var temporary = Path.Combine(Directory, name + ".tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await message.WriteToAsync(file, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        // Whole or not at all: a reader of the folder never sees half a message.
        File.Move(temporary, Path.Combine(Directory, name));
        // The rename is on disk too before the email counts as sent.
        NativeSync.SyncDirectory(Directory);
    }
}
