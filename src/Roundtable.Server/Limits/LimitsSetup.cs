using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Limits;

public static class LimitsSetup
{
    /// <summary>
    /// Per-person limits on hub calls (cost-weighted), hub connections, HTTP writes and sign-in attempts per account.
    /// Where their state lives (this process, or Redis for every node) is the deployment's choice: see
    /// DeploymentSetup.AddDeployment.
    /// </summary>
    public static WebApplicationBuilder AddLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LimitsOptions>().Bind(builder.Configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        builder.Services.AddSingleton<RefusalLog>();
        builder.Services.AddSingleton<UserLimits>();
        builder.Services.AddSingleton<SignInLockout>();
        builder.Services.AddSingleton<HubLimits>();
        builder.Services.AddSignalR(o => o.AddFilter<HubLimits>());

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<UserLimits>((o, limits) =>
        {
            o.GlobalLimiter = new ApiWriteLimiter(limits);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>Refuses new hub connections beyond a person's limit; after authentication, beside the rate limiter.</summary>
    public static WebApplication UseLimits(this WebApplication app)
    {
        app.UseMiddleware<ConnectionLimitGate>();
        return app;
    }

    /// <summary>Every rate-limited HTTP refusal (writes, sign-in per address): a 429 with problem details and Retry-After.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : (TimeSpan?)null;
        if (wait is { } known)
        {
            http.Response.Headers.RetryAfter = UserLimits.RetryAfterSeconds(known);
        }
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "Your account (or, signed out, your address) is sending more than it may. Nothing was done; try again "
                    + (wait is { } w ? $"in {UserLimits.Describe(w)}." : "in a moment."),
            },
        });
    }
}
