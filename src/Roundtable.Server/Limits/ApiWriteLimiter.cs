using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Limits;

/// <summary>
/// ASP.NET Core rate limiting's global limiter for the HTTP API: every state-changing request (anything but GET, HEAD,
/// OPTIONS and TRACE) takes one token of its person's allowance (its address's when signed out), kept in the
/// deployment's <see cref="ILimitStore"/>, so it holds across nodes. Left alone: reads, the hubs (limited per call by
/// <see cref="HubLimits"/>) and endpoints with a rate-limiting policy of their own (sign-in).
/// </summary>
public sealed class ApiWriteLimiter(UserLimits limits) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <summary>
    /// The store may be remote, so nothing is decided synchronously: a request that counts is "not yet", and the
    /// middleware then asks <see cref="AcquireAsyncCore"/>.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Counts(resource) ? Lease.NotYet : Lease.Granted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!Counts(resource))
        {
            return Lease.Granted;
        }
        var address = resource.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = await limits.TakeApiWriteAsync(resource.User.UserId(), address);
        return decision.Allowed ? Lease.Granted : new Lease(false, decision.RetryAfter);
    }

    internal static bool Counts(HttpContext http)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }
        var endpoint = http.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<HubMetadata>() is null && endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
