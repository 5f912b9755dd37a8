using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Roundtable.Core.Events;
using Roundtable.Server.Hubs;
using Roundtable.Server.Projection;
using Roundtable.Server.Scaleout;
using Roundtable.Server.Seeding;

namespace Roundtable.Server.Diagnostics;

/// <summary>
/// Ready when this node's read models have caught up with the log (and the first-start seed is done); scaled out, also
/// never while its archive of the log has a hole (<see cref="LogArchive.IsBehindLog"/>).
/// </summary>
public sealed class ReadinessCheck(Projector projector, DemoSeeder seeder, LogArchive? archive = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            archive is { IsBehindLog: true } ? HealthCheckResult.Unhealthy("Part of the log's history is missing on this node; restore its data directory from a peer.")
            : projector.IsReady && seeder.IsDone ? HealthCheckResult.Healthy($"Projection at position {projector.Position}.")
            : HealthCheckResult.Unhealthy("Replaying the log into the read models."));
}

/// <summary>Bound from the "Diagnostics" section.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "Diagnostics";

    /// <summary>
    /// Serve the OpenAPI document (/openapi/v1.json) to visitors who are not signed in. Unset: only in the Development
    /// environment; elsewhere the map of every endpoint is for signed-in users.
    /// </summary>
    public bool? PublicApiDescription { get; set; }
}

public static class DiagnosticsSetup
{
    /// <summary>Problem details for every error, JSON conventions, the OpenAPI document, health checks.</summary>
    public static WebApplicationBuilder AddDiagnostics(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DiagnosticsOptions>(builder.Configuration.GetSection(DiagnosticsOptions.Section));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LogUnavailableHandler>();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            EventSerializer.UseEventContract(o.SerializerOptions);
        });
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        // The outermost hub filter: added before any feature adds its own, so it wraps them all.
        builder.Services.AddSignalR(o => o.AddHubCallErrors());
        return builder;
    }

    public static WebApplication MapDiagnostics(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        var apiDescription = app.MapOpenApi();
        if (app.Services.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.PublicApiDescription ?? app.Environment.IsDevelopment())
        {
            apiDescription.AllowAnonymous();
        }
        return app;
    }
}
