using Microsoft.Extensions.Options;

namespace Roundtable.Server.Limits;

/// <summary>
/// The per-person limits, on the deployment's <see cref="ILimitStore"/> (so across connections and nodes): a token
/// bucket for hub calls, one for state-changing HTTP requests, and a count of open connections per hub. Refusals are
/// reported to <see cref="RefusalLog"/>.
/// </summary>
public sealed class UserLimits(ILimitStore store, RefusalLog refusals, IOptions<LimitsOptions> options)
{
    private LimitsOptions Options => options.Value;

    /// <summary>Takes <paramref name="cost"/> tokens of a person's hub allowance.</summary>
    public async ValueTask<LimitDecision> TakeCommandAsync(string userId, double cost)
    {
        var decision = await store.TakeAsync(LimitKeys.Commands(userId), cost, Options.Commands);
        if (!decision.Allowed)
        {
            refusals.Refused(LimitKind.Commands, $"user {userId}");
        }
        return decision;
    }

    /// <summary>Takes one state-changing HTTP request of a person's allowance (<paramref name="userId"/>), or of an address's when signed out.</summary>
    public async ValueTask<LimitDecision> TakeApiWriteAsync(string? userId, string address)
    {
        var who = userId is null ? $"address {address}" : $"user {userId}";
        var decision = await store.TakeAsync(userId is null ? LimitKeys.ApiWritesOfAddress(address) : LimitKeys.ApiWrites(userId), 1, Options.ApiWrites);
        if (!decision.Allowed)
        {
            refusals.Refused(LimitKind.ApiWrites, who);
        }
        return decision;
    }

    /// <summary>Whether a person may open one more connection to <paramref name="hub"/> (a look, not a claim).</summary>
    public async ValueTask<bool> HasRoomForConnectionAsync(string hub, string userId)
    {
        if (await store.CountAsync(LimitKeys.Connections(hub, userId)) < Options.ConnectionsPerUser)
        {
            return true;
        }
        refusals.Refused(LimitKind.Connections, $"user {userId}");
        return false;
    }

    /// <summary>Counts an open connection, unless the person has as many open to this hub as they may.</summary>
    public async ValueTask<bool> TryOpenConnectionAsync(string hub, string userId, string connectionId)
    {
        if (await store.TryOpenAsync(LimitKeys.Connections(hub, userId), connectionId, Options.ConnectionsPerUser))
        {
            return true;
        }
        refusals.Refused(LimitKind.Connections, $"user {userId}");
        return false;
    }

    public ValueTask CloseConnectionAsync(string hub, string userId, string connectionId) =>
        store.CloseAsync(LimitKeys.Connections(hub, userId), connectionId);

    public ValueTask<int> OpenConnectionsAsync(string hub, string userId) => store.CountAsync(LimitKeys.Connections(hub, userId));

    /// <summary>"3 seconds", rounded up: what a refusal tells the person to wait.</summary>
    public static string Describe(TimeSpan wait)
    {
        var seconds = (long)Math.Ceiling(Math.Max(1, wait.TotalSeconds));
        return seconds switch
        {
            1 => "a second",
            < 120 => $"{seconds} seconds",
            _ => $"{(seconds + 59) / 60} minutes",
        };
    }

    /// <summary>The Retry-After header's value: whole seconds, rounded up.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => ((long)Math.Ceiling(Math.Max(1, wait.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
