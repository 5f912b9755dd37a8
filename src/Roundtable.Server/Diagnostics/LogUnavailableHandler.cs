using Microsoft.AspNetCore.Diagnostics;
using Roundtable.Core.Log;

namespace Roundtable.Server.Diagnostics;

/// <summary>The log being unreachable is a 503 with a message a person can act on, not a generic 500.</summary>
public sealed class LogUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EventLogUnavailableException unavailable)
        {
            return false;
        }
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Temporarily unavailable", Detail = unavailable.Message },
        });
    }
}
