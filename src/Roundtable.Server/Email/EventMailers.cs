using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Email;

/// <summary>
/// Emails that an event asks for (an invitation, a mentor request, ...). Called once per event on every node, after
/// the node's read models include the event, so it may read them; <see cref="MailOutbox.SendOnceAsync"/> then decides
/// which node sends. Register with <see cref="EventMailersSetup.AddEventMailer{T}"/>.
/// </summary>
public interface IEventMailer
{
    Task OnEventAsync(StoredEvent stored, CancellationToken cancellationToken);
}

public static class EventMailersSetup
{
    public static IServiceCollection AddEventMailer<T>(this IServiceCollection services) where T : class, IEventMailer =>
        services.AddSingleton<IEventMailer, T>();
}

/// <summary>
/// Hands each projected event to the event mailers, off the projector's loop, one at a time in log order. Only events
/// projected once this node is ready (not the replay of the log, nor the demo's seed) and younger than
/// <see cref="EmailOptions.SendEventsWithin"/> (a node back from a long outage does not mail old news).
/// The mailers are resolved when the dispatcher starts, not when it is made: they send through the log, whose
/// projector is what tells the dispatcher of events (a cycle if resolved together).
/// </summary>
public sealed partial class EventMailDispatcher(
    IServiceProvider services, IOptions<EmailOptions> options, TimeProvider time, ILogger<EventMailDispatcher> logger)
    : BackgroundService, IProjectionListener
{
    private readonly Channel<StoredEvent> _events = Channel.CreateUnbounded<StoredEvent>(new() { SingleReader = true });
    private volatile Func<bool>? _ready;

    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        // Until this node is ready it is replaying what other nodes already mailed, or seeding the demo's history,
        // which is nobody's news.
        if (_ready?.Invoke() != true)
        {
            return;
        }
        var since = time.GetUtcNow() - options.Value.SendEventsWithin;
        foreach (var stored in batch)
        {
            if (stored.At >= since)
            {
                _events.Writer.TryWrite(stored);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mailers = services.GetServices<IEventMailer>().ToArray();
        var projector = services.GetRequiredService<Projector>();
        var seeder = services.GetRequiredService<Seeding.DemoSeeder>();
        _ready = () => projector.IsReady && seeder.IsDone;
        await foreach (var stored in _events.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var mailer in mailers)
            {
                try
                {
                    await mailer.OnEventAsync(stored, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // One email's trouble (the log unavailable for its claim, a bad address) is never everyone's.
                    LogMailerFailed(e, mailer.GetType().Name, stored.Event.TypeName, stored.Position);
                }
            }
        }
    }

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "{Mailer} failed on {EventType} at position {Position}")]
    private partial void LogMailerFailed(Exception exception, string mailer, string eventType, long position);
}
