using Microsoft.AspNetCore.Diagnostics;

namespace Roundtable.Server.Diagnostics;

/// <summary>A request body that cannot be read (malformed JSON, the wrong shape) is the caller's 400, not the server's 500.</summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "Invalid input",
                Detail = "The request body could not be read: send JSON in the shape the API documents. Nothing was saved.",
            },
        });
    }
}
