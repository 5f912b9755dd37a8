namespace Roundtable.Server.Limits;

/// <summary>A token bucket's shape: it refills at <paramref name="PerSecond"/> up to <paramref name="Burst"/> tokens, and starts full.</summary>
public readonly record struct TokenBucket(double PerSecond, double Burst);

/// <summary>Whether tokens were taken; when not, how long until there will be enough.</summary>
public readonly record struct LimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static LimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>
/// Sign-in backoff: <paramref name="FailuresBeforeLockout"/> failures lock the account for <paramref name="FirstLockout"/>;
/// each failure after that (once the lockout has passed) locks it twice as long as the last, up to
/// <paramref name="MaxLockout"/>. Failures are forgotten <paramref name="Memory"/> after the last attempt.
/// </summary>
public readonly record struct LockoutPolicy(int FailuresBeforeLockout, TimeSpan FirstLockout, TimeSpan MaxLockout, TimeSpan Memory)
{
    /// <summary>The lockout that the <paramref name="failures"/>-th failure in a row starts (zero before the lockout starts).</summary>
    public TimeSpan LockoutAfter(long failures)
    {
        if (failures < FailuresBeforeLockout)
        {
            return TimeSpan.Zero;
        }
        var doublings = Math.Min(failures - FailuresBeforeLockout, 40);
        var ms = Math.Min(MaxLockout.TotalMilliseconds, FirstLockout.TotalMilliseconds * Math.Pow(2, doublings));
        return TimeSpan.FromMilliseconds(Math.Ceiling(ms));
    }
}

/// <summary>
/// The state every limit keeps, shared by all nodes of a deployment: in this process for the embedded deployment
/// (<see cref="MemoryLimitStore"/>), in Redis when scaled out (<c>RedisLimitStore</c>, chosen in
/// <c>DeploymentSetup.AddDeployment</c>). Keys are named by <see cref="LimitKeys"/>.
/// </summary>
public interface ILimitStore
{
    /// <summary>
    /// Takes <paramref name="cost"/> tokens (at most the burst) from the bucket named <paramref name="key"/>, which
    /// starts full. When it holds fewer, nothing is taken and the decision says how long until it will.
    /// </summary>
    ValueTask<LimitDecision> TakeAsync(string key, double cost, TokenBucket bucket);

    /// <summary>Counts <paramref name="member"/> (a connection) under <paramref name="key"/> unless <paramref name="limit"/> are counted already.</summary>
    ValueTask<bool> TryOpenAsync(string key, string member, int limit);

    ValueTask CloseAsync(string key, string member);

    /// <summary>How many members are counted under <paramref name="key"/> now.</summary>
    ValueTask<int> CountAsync(string key);

    /// <summary>
    /// Starts a sign-in attempt for the account named by <paramref name="key"/>. While the account is locked, refuses it
    /// (the decision says until when) and counts nothing. Otherwise counts it as a failure before the password is
    /// checked, so that attempts made in parallel cannot all slip in before the lock; the lock it may start holds for
    /// the attempts after it. A successful sign-in then calls <see cref="ForgetAttemptsAsync"/>.
    /// </summary>
    ValueTask<LimitDecision> BeginAttemptAsync(string key, LockoutPolicy policy);

    ValueTask ForgetAttemptsAsync(string key);
}
