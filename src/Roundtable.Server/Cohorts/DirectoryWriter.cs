using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Server.Web;

namespace Roundtable.Server.Cohorts;

/// <summary>
/// What a directory command decided: the events to append, or why not (as an HTTP-shaped problem).
/// </summary>
public sealed record DirectoryDecision(IReadOnlyList<DirectoryEvent> Events, ApiProblem? Problem)
{
    public static DirectoryDecision Accept(params DirectoryEvent[] events) => new(events, null);

    public static DirectoryDecision Invalid(string field, string message) => new([], ApiProblem.Invalid(field, message));

    /// <summary>Several fields wrong at once, each with its messages (keys as the client names its fields).</summary>
    public static DirectoryDecision Invalid(IReadOnlyDictionary<string, string[]> errors, string message) => new([], ApiProblem.Invalid(errors, message));

    public static DirectoryDecision Conflict(string message) => new([], ApiProblem.Conflict(message));

    public static DirectoryDecision NotFound(string message) => new([], ApiProblem.NotFound(message));

    public static DirectoryDecision Forbidden(string message) => new([], ApiProblem.Forbidden(message));
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

    public async Task<ApiProblem?> WriteAsync(Func<DirectoryDecision> decide, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var write = await writer.ExecuteAsync(FoldedStream.VersionOnly(StreamNames.Directory), _ =>
            {
                var decision = decide();
                return decision.Problem is null ? StreamDecision.Append<ApiProblem?>(null, decision.Events) : StreamDecision.Nothing<ApiProblem?>(decision.Problem);
            }, DirectoryWrites, cancellationToken);
            return write.Busy
                ? ApiProblem.Busy("The directory is changing too quickly; try again.")
                : write.Answer;
        }
        finally
        {
            _gate.Release();
        }
    }
}
