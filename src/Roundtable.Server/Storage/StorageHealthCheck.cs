using Microsoft.Extensions.Diagnostics.HealthChecks;
using Roundtable.Core.Log;

namespace Roundtable.Server.Storage;

/// <summary>Not ready while the embedded log refuses appends (storage full or failing); a shared log is checked elsewhere.</summary>
public sealed class StorageHealthCheck(IEventLog log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(log is LiteDbEventLog { StorageProblem: { } problem }
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy());
}
