using Microsoft.AspNetCore.Diagnostics;
using Roundtable.Core.Markdown;

namespace Roundtable.Server.Diagnostics;

/// <summary>
/// Markdown nested too deeply is the writer's 400, not the server's 500. Every API renders before it appends, so the
/// refusal comes before anything is stored.
/// </summary>
public sealed class MarkdownTooDeepHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not MarkdownTooDeepException tooDeep)
        {
            return false;
        }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = "Markdown nested too deeply", Detail = tooDeep.Message },
        });
    }
}
