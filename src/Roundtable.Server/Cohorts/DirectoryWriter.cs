using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Core.Events;
using Roundtable.Core.Log;

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
public sealed class DirectoryWriter(EventStreamWriter writer)
{
    // The directory is decided against read models, not a fold of its (long) stream: only its version is read.
    private static readonly StreamWriteOptions DirectoryWrites = new() { MaxAttempts = 5, DecideOnReadModels = true, ReadYourWrite = true };
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DirectoryProblem?> WriteAsync(Func<DirectoryDecision> decide, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var write = await writer.ExecuteAsync(FoldedStream.VersionOnly(StreamNames.Directory), _ =>
            {
                var decision = decide();
                return decision.Problem is null ? StreamDecision.Append<DirectoryProblem?>(null, decision.Events) : StreamDecision.Nothing<DirectoryProblem?>(decision.Problem);
            }, DirectoryWrites, cancellationToken);
            return write.Busy
                ? new DirectoryProblem(StatusCodes.Status503ServiceUnavailable, "Busy", "The directory is changing too quickly; try again.")
                : write.Answer;
        }
        finally
        {
            _gate.Release();
        }
    }
}
