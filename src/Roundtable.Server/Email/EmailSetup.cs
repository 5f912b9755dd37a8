using Microsoft.Extensions.Options;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Email;

public static partial class EmailSetup
{
    /// <summary>
    /// Outgoing email: through Email:Smtp:Host when it is set, otherwise into the outbox folder (and the log says so
    /// once at start); the outbox that sends each email once; the dispatcher of emails that events ask for.
    /// </summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Email:PublicUrl must be the absolute http(s) address people reach this deployment at.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Email:From must be an email address, e.g. \"Roundtable <roundtable@example.org>\".")
            .ValidateOnStart();
        services.AddSingleton<IMailTransport>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<OutboxMailTransport>(provider)
                : ActivatorUtilities.CreateInstance<SmtpMailTransport>(provider));
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<EventMailDispatcher>();
        services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<EventMailDispatcher>());
        services.AddHostedService(provider => provider.GetRequiredService<EventMailDispatcher>());
        services.AddHostedService<EmailStartNotice>();
        return builder;
    }

    /// <summary>Says once at start where email goes, so nobody wonders why none arrives.</summary>
    private sealed partial class EmailStartNotice(IMailTransport transport, IOptions<EmailOptions> options, ILogger<EmailStartNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (transport is OutboxMailTransport outbox)
            {
                LogOutbox(outbox.Directory);
            }
            else
            {
                LogSmtp(options.Value.Smtp.Host!, options.Value.Smtp.Port);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 8010, Level = LogLevel.Warning,
            Message = "Email is not sent to anyone: Email:Smtp:Host is not set, so each email is written as an .eml file to {Directory}")]
        private partial void LogOutbox(string directory);

        [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Email is sent through the mail server at {Host}:{Port}")]
        private partial void LogSmtp(string host, int port);
    }
}
