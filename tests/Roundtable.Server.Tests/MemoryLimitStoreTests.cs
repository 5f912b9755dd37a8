using Microsoft.Extensions.Time.Testing;
using Roundtable.Server.Limits;

namespace Roundtable.Server.Tests;

/// <summary>The embedded deployment's limit store on its own, against a clock the tests move.</summary>
public sealed class MemoryLimitStoreTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private MemoryLimitStore Store() => new(_clock);

    [Fact]
    public async Task ABucketRefillsAtItsRateButNeverAboveItsBurst()
    {
        var store = Store();
        var bucket = new TokenBucket(PerSecond: 2, Burst: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await store.TakeAsync("a", 1, bucket)).Allowed);
        }
        var refused = await store.TakeAsync("a", 1, bucket);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), refused.RetryAfter);
        Assert.True((await store.TakeAsync("b", 1, bucket)).Allowed);

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True((await store.TakeAsync("a", 1, bucket)).Allowed);
        Assert.False((await store.TakeAsync("a", 1, bucket)).Allowed);

        _clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await store.TakeAsync("a", 1, bucket)).Allowed);
        }
        Assert.False((await store.TakeAsync("a", 1, bucket)).Allowed);
    }

    [Fact]
    public async Task ACostlyCallWaitsForEnoughTokensAndNeverCostsMoreThanTheBurst()
    {
        var store = Store();
        var bucket = new TokenBucket(PerSecond: 1, Burst: 10);
        Assert.True((await store.TakeAsync("a", 7, bucket)).Allowed);
        var refused = await store.TakeAsync("a", 5, bucket);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
        Assert.True((await store.TakeAsync("a", 3, bucket)).Allowed);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await store.TakeAsync("a", 1000, bucket)).Allowed);
        Assert.False((await store.TakeAsync("a", 1, bucket)).Allowed);
    }

    [Fact]
    public async Task ConnectionsCountUpToTheLimitAndAClosedOneFreesItsPlace()
    {
        var store = Store();
        Assert.True(await store.TryOpenAsync("lena", "c1", 2));
        Assert.True(await store.TryOpenAsync("lena", "c2", 2));
        Assert.True(await store.TryOpenAsync("lena", "c2", 2));
        Assert.False(await store.TryOpenAsync("lena", "c3", 2));
        Assert.True(await store.TryOpenAsync("liam", "c4", 2));
        Assert.Equal(2, await store.CountAsync("lena"));

        await store.CloseAsync("lena", "c1");
        Assert.Equal(1, await store.CountAsync("lena"));
        Assert.True(await store.TryOpenAsync("lena", "c3", 2));
    }

    [Fact]
    public async Task SignInAttemptsLockAfterTheFailuresThenDoubleAndAreForgotten()
    {
        var store = Store();
        var policy = new LockoutPolicy(FailuresBeforeLockout: 2, FirstLockout: TimeSpan.FromSeconds(10), MaxLockout: TimeSpan.FromSeconds(25), Memory: TimeSpan.FromMinutes(1));

        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.Equal(new LimitDecision(false, TimeSpan.FromSeconds(10)), await store.BeginAttemptAsync("k", policy));
        Assert.True((await store.BeginAttemptAsync("other", policy)).Allowed);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.Equal(new LimitDecision(false, TimeSpan.FromSeconds(20)), await store.BeginAttemptAsync("k", policy));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.Equal(new LimitDecision(false, TimeSpan.FromSeconds(25)), await store.BeginAttemptAsync("k", policy));

        // A minute after the lockout without attempts, it is as if nothing had happened.
        _clock.Advance(TimeSpan.FromSeconds(25) + TimeSpan.FromMinutes(1));
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.False((await store.BeginAttemptAsync("k", policy)).Allowed);

        // And a success forgets at once.
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        await store.ForgetAttemptsAsync("k");
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.True((await store.BeginAttemptAsync("k", policy)).Allowed);
        Assert.False((await store.BeginAttemptAsync("k", policy)).Allowed);
    }
}
