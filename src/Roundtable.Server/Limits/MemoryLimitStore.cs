using System.Collections.Concurrent;

namespace Roundtable.Server.Limits;

/// <summary>
/// The limits' state in this process: the embedded deployment's store, and what a scaled-out node falls back to while
/// Redis is unreachable. Buckets are computed on demand from timestamps (no timers); state that has gone back to its
/// resting value (a full bucket, a forgotten lockout) is swept away once a minute, so idle people cost nothing.
/// </summary>
public sealed class MemoryLimitStore(TimeProvider time) : ILimitStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Attempts> _attempts = new(StringComparer.Ordinal);
    private long _nextSweep = long.MinValue;

    public ValueTask<LimitDecision> TakeAsync(string key, double cost, TokenBucket bucket)
    {
        var now = Now();
        SweepIfDue(now);
        var state = _buckets.GetOrAdd(key, _ => new Bucket(bucket.Burst, now));
        lock (state)
        {
            if (state.Swept)
            {
                // Swept between GetOrAdd and the lock: it was full, and a fresh one is the same.
                return TakeAsync(key, cost, bucket);
            }
            var tokens = Math.Min(bucket.Burst, state.Tokens + Math.Max(0, now - state.At) / 1000.0 * bucket.PerSecond);
            state.At = Math.Max(state.At, now);
            cost = Math.Min(cost, bucket.Burst);
            if (tokens < cost)
            {
                state.Tokens = tokens;
                state.FullAt = state.At + (long)Math.Ceiling((bucket.Burst - tokens) * 1000 / bucket.PerSecond);
                return ValueTask.FromResult(new LimitDecision(false, TimeSpan.FromMilliseconds(Math.Ceiling((cost - tokens) * 1000 / bucket.PerSecond))));
            }
            state.Tokens = tokens - cost;
            state.FullAt = state.At + (long)Math.Ceiling((bucket.Burst - state.Tokens) * 1000 / bucket.PerSecond);
            return ValueTask.FromResult(LimitDecision.Allow);
        }
    }

    public ValueTask<bool> TryOpenAsync(string key, string member, int limit)
    {
        while (true)
        {
            var members = _open.GetOrAdd(key, _ => new HashSet<string>(StringComparer.Ordinal));
            lock (members)
            {
                if (!ReferenceEquals(_open.GetValueOrDefault(key), members))
                {
                    continue; // emptied and removed meanwhile
                }
                return ValueTask.FromResult(members.Contains(member) || (members.Count < limit && members.Add(member)));
            }
        }
    }

    public ValueTask CloseAsync(string key, string member)
    {
        if (_open.TryGetValue(key, out var members))
        {
            lock (members)
            {
                if (members.Remove(member) && members.Count == 0)
                {
                    _open.TryRemove(new KeyValuePair<string, HashSet<string>>(key, members));
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> CountAsync(string key)
    {
        if (!_open.TryGetValue(key, out var members))
        {
            return ValueTask.FromResult(0);
        }
        lock (members)
        {
            return ValueTask.FromResult(members.Count);
        }
    }

    public ValueTask<LimitDecision> BeginAttemptAsync(string key, LockoutPolicy policy)
    {
        var now = Now();
        SweepIfDue(now);
        var state = _attempts.GetOrAdd(key, _ => new Attempts());
        lock (state)
        {
            if (state.Swept)
            {
                return BeginAttemptAsync(key, policy);
            }
            if (now < state.LockedUntil)
            {
                return ValueTask.FromResult(new LimitDecision(false, TimeSpan.FromMilliseconds(state.LockedUntil - now)));
            }
            if (now >= state.ForgetAt)
            {
                state.Failures = 0;
            }
            state.Failures++;
            var lockout = (long)policy.LockoutAfter(state.Failures).TotalMilliseconds;
            if (lockout > 0)
            {
                state.LockedUntil = now + lockout;
            }
            state.ForgetAt = Math.Max(now, state.LockedUntil) + (long)policy.Memory.TotalMilliseconds;
            return ValueTask.FromResult(LimitDecision.Allow);
        }
    }

    public ValueTask ForgetAttemptsAsync(string key)
    {
        if (_attempts.TryRemove(key, out var state))
        {
            lock (state)
            {
                state.Swept = true;
            }
        }
        return ValueTask.CompletedTask;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + (long)SweepEvery.TotalMilliseconds, due) != due)
        {
            return;
        }
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (now >= bucket.FullAt && _buckets.TryRemove(new KeyValuePair<string, Bucket>(key, bucket)))
                {
                    bucket.Swept = true;
                }
            }
        }
        foreach (var (key, attempts) in _attempts)
        {
            lock (attempts)
            {
                if (now >= attempts.ForgetAt && _attempts.TryRemove(new KeyValuePair<string, Attempts>(key, attempts)))
                {
                    attempts.Swept = true;
                }
            }
        }
    }

    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens = tokens;
        public long At = at;
        public long FullAt = at;
        public bool Swept;
    }

    private sealed class Attempts
    {
        public long Failures;
        public long LockedUntil;
        public long ForgetAt = long.MaxValue;
        public bool Swept;
    }
}
