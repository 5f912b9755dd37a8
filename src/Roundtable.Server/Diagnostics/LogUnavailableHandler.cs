using Microsoft.AspNetCore.Diagnostics;
using Roundtable.Core.Log;

namespace Roundtable.Server.Diagnostics;

/// <summary>The log being unreachable, or an append's outcome unknown, is a 503 with a message a person can act on, not a generic 500.</summary>
public sealed class LogUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (title, detail) = exception switch
        {
            EventLogUnavailableException unavailable => ("Temporarily unavailable", unavailable.Message),
            // Not "failed": the change may be stored. A retry with the same idempotency key is answered with what was stored.
            EventLogOutcomeUnknownException unknown => ("Outcome unknown", unknown.Message),
            _ => (null, null),
        };
        if (title is null)
        {
            return false;
        }
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
