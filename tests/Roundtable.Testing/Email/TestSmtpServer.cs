using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Roundtable.Testing.Email;

/// <summary>
/// A real SMTP server on a free loopback port, in the test process: the Roundtable server under test sends to it
/// through MailKit as to any mail server, and tests read what arrived, parsed by MimeKit.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MimeMessage> _messages = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private Task _running = Task.CompletedTask;

    private TestSmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <param name="port">A port chosen beforehand (when servers told of it start first); a free one otherwise.</param>
    public static async Task<TestSmtpServer> StartAsync(int? port = null)
    {
        var server = new TestSmtpServer(port ?? TestEnvironment.FreePort());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)).IsSecure(false))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(server));
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        await Eventually.UntilAsync(async () =>
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, $"the test SMTP server listens on port {server.Port}", failFast: () => server._running.IsFaulted ? $"the SMTP server failed: {server._running.Exception?.InnerException?.Message}" : null);
        return server;
    }

    /// <summary>The server settings that send this deployment's email here, with links to <paramref name="publicUrl"/>.</summary>
    public Dictionary<string, string> Settings(string publicUrl) => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:PublicUrl"] = publicUrl,
    };

    /// <summary>The first message (oldest first) that matches, waiting for it to arrive.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            if (Messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                var seen = string.Join("; ", Messages.Select(m => $"{m.To} \"{m.Subject}\""));
                throw new TimeoutException($"No email arrived: {what}. Arrived: {(seen.Length == 0 ? "none" : seen)}.");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The messages sent to one address, oldest first.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            lock (server._messages)
            {
                server._messages.Add(message);
            }
            server._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>What tests read out of an email.</summary>
public static class EmailText
{
    /// <summary>The plain-text body.</summary>
    public static string Body(this MimeMessage message) => message.TextBody ?? "";

    /// <summary>The first link in the body that starts with <paramref name="prefix"/> (e.g. the server's address + "/invite.html").</summary>
    public static string LinkStartingWith(this MimeMessage message, string prefix)
    {
        var body = message.Body();
        var start = body.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"No link starting with {prefix} in: {body}");
        }
        var end = start;
        while (end < body.Length && !char.IsWhiteSpace(body[end]) && body[end] != '>' && body[end] != ')')
        {
            end++;
        }
        return body[start..end];
    }

    /// <summary>The text/calendar content (the inline part, or the .ics attachment), or null.</summary>
    public static string? Calendar(this MimeMessage message) =>
        message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.ContentType.IsMimeType("text", "calendar"))?.Text;
}
