using Roundtable.Core.Log;

namespace Roundtable.Server.Projection;

/// <summary>
/// A service that does what falls due at a time worked out from read models (emails, clean-up): it runs on every node,
/// does what is due (claims through the log keep each piece of work to one node), then sleeps until the next thing falls
/// due or an event it is concerned with is projected, never polling.
/// </summary>
public abstract class DueWorkService(IServiceProvider services, TimeProvider time) : BackgroundService, IProjectionListener
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For what must be resolved late (what writes through the log, whose projector is told of this listener).</summary>
    protected IServiceProvider Services => services;

    /// <summary>Whether a projected event may change what is due (the service then looks again at once).</summary>
    protected abstract bool Concerns(StoredEvent stored);

    /// <summary>Does what is due at <paramref name="now"/>; answers when to look again.</summary>
    protected abstract Task<DateTime> RunDueAsync(DateTime now, CancellationToken cancellationToken);

    /// <summary>The work failed; the service looks again in a minute.</summary>
    protected abstract void OnFailed(Exception exception);

    /// <summary>Once the read models have caught up, before the first look.</summary>
    protected virtual void OnStarting()
    {
    }

    public void Projected(IReadOnlyList<StoredEvent> batch)
    {
        if (batch.Any(Concerns))
        {
            lock (_lock)
            {
                _changed.TrySetResult();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var projector = services.GetRequiredService<Projector>();
        while (!projector.IsReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), stoppingToken);
        }
        OnStarting();
        while (!stoppingToken.IsCancellationRequested)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }
            DateTime wakeAt;
            try
            {
                wakeAt = await RunDueAsync(time.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                OnFailed(ex);
                wakeAt = time.GetUtcNow().UtcDateTime.AddMinutes(1);
            }
            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // The wait is measured from now, after the work (which takes its time); and the clock is read again once
            // the timer is set, so a moment that passed in between is not slept through.
            var delay = Task.Delay(Until(wakeAt), time, sleep.Token);
            if (time.GetUtcNow().UtcDateTime < wakeAt)
            {
                await Task.WhenAny(delay, changed);
            }
            await sleep.CancelAsync();
            lock (_lock)
            {
                if (_changed.Task.IsCompleted)
                {
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    /// <summary>How long until <paramref name="at"/>; Task.Delay takes at most about 49 days, so a long wait is taken again.</summary>
    private TimeSpan Until(DateTime at)
    {
        var wait = at - time.GetUtcNow().UtcDateTime;
        return wait > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
