namespace Roundtable.Core.Log;

/// <summary>
/// A position that only moves forward (a log's head, a projection's checkpoint) and that callers can await.
/// Thread-safe; waiters are woken on every advance and re-check.
/// </summary>
public sealed class PositionSignal(long initial = 0)
{
    private long _position = initial;
    private TaskCompletionSource _advanced = NewSignal();

    public long Position => Volatile.Read(ref _position);

    /// <summary>Moves to <paramref name="position"/> if that is further; never back.</summary>
    public void Advance(long position)
    {
        var current = Volatile.Read(ref _position);
        while (position > current)
        {
            var seen = Interlocked.CompareExchange(ref _position, position, current);
            if (seen == current)
            {
                Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
                return;
            }
            current = seen;
        }
    }

    /// <summary>Completes once the position is at least <paramref name="position"/>.</summary>
    public async Task WaitForAsync(long position, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Take the signal before reading the position: an advance in between completes this signal.
            var signal = Volatile.Read(ref _advanced);
            if (Position >= position)
            {
                return;
            }
            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>As <see cref="WaitForAsync(long, CancellationToken)"/>, giving up after <paramref name="timeout"/>; true when reached.</summary>
    public async Task<bool> WaitForAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var signal = Volatile.Read(ref _advanced);
            if (Position >= position)
            {
                return true;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            try
            {
                await signal.Task.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                return Position >= position;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
