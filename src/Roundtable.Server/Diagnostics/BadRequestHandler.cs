using Microsoft.AspNetCore.Diagnostics;
using Roundtable.Core.Markdown;

namespace Roundtable.Server.Diagnostics;

/// <summary>
/// Input the server cannot take is the caller's 400, not the server's 500: a request body that cannot be read
/// (malformed JSON, the wrong shape), or Markdown nested too deeply to render. Every API renders before it appends, so
/// either refusal comes before anything is stored.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title, string Detail)? problem = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Invalid input",
                "The request body could not be read: send JSON in the shape the API documents. Nothing was saved."),
            MarkdownTooDeepException tooDeep => (StatusCodes.Status400BadRequest, "Markdown nested too deeply", tooDeep.Message),
            _ => null,
        };
        if (problem is not { } p)
        {
            return false;
        }
        http.Response.StatusCode = p.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = p.Status, Title = p.Title, Detail = p.Detail },
        });
    }
}
