using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Cohorts;

/// <summary>
/// What a directory command decided: the events to append, or why not (as an HTTP-shaped problem).
/// </summary>
public sealed record DirectoryDecision(IReadOnlyList<DirectoryEvent> Events, DirectoryProblem? Problem)
{
    public static DirectoryDecision Accept(params DirectoryEvent[] events) => new(events, null);

    public static DirectoryDecision Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, message);

    /// <summary>Several fields wrong at once, each with its messages (keys as the client names its fields).</summary>
    public static DirectoryDecision Invalid(IReadOnlyDictionary<string, string[]> errors, string message) =>
        new([], new DirectoryProblem(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]>(errors)));

    public static DirectoryDecision Conflict(string message) => new([], new DirectoryProblem(StatusCodes.Status409Conflict, "Conflict", message));

    public static DirectoryDecision NotFound(string message) => new([], new DirectoryProblem(StatusCodes.Status404NotFound, "Not found", message));

    public static DirectoryDecision Forbidden(string message) => new([], new DirectoryProblem(StatusCodes.Status403Forbidden, "Forbidden", message));
}

public sealed record DirectoryProblem(int Status, string Title, string Detail, IDictionary<string, string[]>? Errors = null)
{
    /// <summary>RFC 7807 problem details; with per-field errors when the input was invalid.</summary>
    public ProblemHttpResult ToResult() => TypedResults.Problem(Errors is null
        ? new ProblemDetails { Status = Status, Title = Title, Detail = Detail }
        : new HttpValidationProblemDetails(Errors) { Status = Status, Title = Title, Detail = Detail });
}

/// <summary>
/// The one way into the directory stream (accounts, programs, cohorts, memberships, roundtables): decide against
/// read models that are current with the stream, append with the expected version (retrying on conflict), and
/// return only once this node's read models include the write, so the caller can read it back at once.
/// </summary>
public sealed class DirectoryWriter(IEventLog log, Projector projector)
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DirectoryProblem?> WriteAsync(Func<DirectoryDecision> decide, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var version = await log.GetStreamVersionAsync(StreamNames.Directory, cancellationToken);
                await WaitUntilProjectedAsync(version, cancellationToken);

                var decision = decide();
                if (decision.Problem is not null)
                {
                    return decision.Problem;
                }
                if (decision.Events.Count == 0)
                {
                    return null;
                }
                var result = await log.AppendAsync(StreamNames.Directory, version, decision.Events, cancellationToken);
                if (result.Succeeded)
                {
                    await projector.WaitForAsync(result.LastPosition, cancellationToken);
                    return null;
                }
            }
            return new DirectoryProblem(StatusCodes.Status503ServiceUnavailable, "Busy", "The directory is changing too quickly; try again.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WaitUntilProjectedAsync(long version, CancellationToken cancellationToken)
    {
        if (version == 0)
        {
            return;
        }
        var last = await log.ReadStreamAsync(StreamNames.Directory, version - 1, 1, cancellationToken);
        if (last.Count == 1)
        {
            await projector.WaitForAsync(last[0].Position, cancellationToken);
        }
    }
}
