using Roundtable.Server.Projection;

namespace Roundtable.Server.Email;

/// <summary>
/// A service that emails what falls due at a time worked out from read models (reminders, gathered replies): it sends
/// what is due through <see cref="MailOutbox"/> (whose claims keep each email to one node), woken as every
/// <see cref="DueWorkService"/> is.
/// </summary>
public abstract class DueMailService(IServiceProvider services, TimeProvider time) : DueWorkService(services, time)
{
    /// <summary>Resolved when the service starts: the outbox writes through the projector, which is told of this listener.</summary>
    protected MailOutbox Outbox { get; private set; } = null!;

    /// <summary>Sends what is due at <paramref name="now"/>; answers when to look again.</summary>
    protected abstract Task<DateTime> SendDueAsync(DateTime now, CancellationToken cancellationToken);

    protected sealed override Task<DateTime> RunDueAsync(DateTime now, CancellationToken cancellationToken) => SendDueAsync(now, cancellationToken);

    protected override void OnStarting() => Outbox = Services.GetRequiredService<MailOutbox>();
}
