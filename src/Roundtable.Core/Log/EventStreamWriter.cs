using Roundtable.Core.Events;

namespace Roundtable.Core.Log;

/// <summary>
/// What a write decided against a stream's state: the events to append (none: nothing to write, e.g. refused or
/// already done) and what to answer the caller, whichever it was.
/// </summary>
public readonly record struct StreamDecision<TAnswer>(IReadOnlyList<DomainEvent> Events, TAnswer Answer);

/// <summary>Shorthands for <see cref="StreamDecision{TAnswer}"/>.</summary>
public static class StreamDecision
{
    public static StreamDecision<TAnswer> Append<TAnswer>(TAnswer answer, params IReadOnlyList<DomainEvent> events) => new(events, answer);

    public static StreamDecision<TAnswer> Nothing<TAnswer>(TAnswer answer) => new([], answer);
}

/// <summary>How one write goes through <see cref="EventStreamWriter"/>.</summary>
public sealed record StreamWriteOptions
{
    /// <summary>Attempts before the write gives up as busy (every one lost a race to another writer).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// Before deciding, wait until this node's read models include the stream as read: for decisions taken against
    /// read models (the directory) rather than against the fold.
    /// </summary>
    public bool DecideOnReadModels { get; init; }

    /// <summary>Return only once this node's read models include the appended events, so the caller can read its own write.</summary>
    public bool ReadYourWrite { get; init; }
}

/// <summary>
/// How a write ended: the answer of the last decision, the state after the write, what was appended. <see cref="Busy"/>:
/// every attempt met a newer version, and nothing was appended. <see cref="Attempts"/> counts the decisions taken.
/// </summary>
public sealed record StreamWriteResult<TState, TAnswer>(TAnswer Answer, TState State, IReadOnlyList<StoredEvent> Appended, bool Busy, int Attempts)
{
    /// <summary>The global position of the last appended event; 0 when nothing was appended.</summary>
    public long LastPosition => Appended.Count == 0 ? 0 : Appended[^1].Position;
}

/// <summary>How far this node's read models have followed the global log.</summary>
public interface IReadModelProgress
{
    /// <summary>Completes once the read models include the event at <paramref name="position"/>.</summary>
    Task WaitForAsync(long position, CancellationToken cancellationToken = default);
}

/// <summary>
/// The one way to append to the log. A write folds its stream, decides against the folded state, and appends
/// expecting the version it decided on; when another writer appended first (a version conflict), it reads what came
/// after, decides again and retries, up to <see cref="StreamWriteOptions.MaxAttempts"/>. So a decision is never
/// appended over events it did not see. The log's exceptions pass through untouched: <see cref="EventLogUnavailableException"/>
/// (nothing was saved) and <see cref="EventLogOutcomeUnknownException"/> (it may have been; never retried here, since
/// a retry would decide again without knowing). Callers that keep their own cache of a stream (a room) keep its
/// <see cref="FoldedStream{TState}"/> and their own gate around it; the writer holds no state of its own.
/// </summary>
public sealed class EventStreamWriter(IEventLog log, IReadModelProgress? readModels = null)
{
    public async Task<StreamWriteResult<TState, TAnswer>> ExecuteAsync<TState, TAnswer>(
        FoldedStream<TState> stream, Func<TState, StreamDecision<TAnswer>> decide, StreamWriteOptions options, CancellationToken cancellationToken = default)
    {
        if ((options.DecideOnReadModels || options.ReadYourWrite) && readModels is null)
        {
            throw new InvalidOperationException("This writer does not know the read models, so it cannot wait for them.");
        }
        StreamDecision<TAnswer> decision = default;
        for (var attempt = 0; attempt < options.MaxAttempts; attempt++)
        {
            if (attempt > 0)
            {
                // A little jitter, so two nodes do not stay in lockstep with the same node winning every race.
                await Task.Delay(Random.Shared.Next(0, 3), CancellationToken.None);
            }
            await stream.CatchUpAsync(log, cancellationToken);
            if (options.DecideOnReadModels && await stream.LastPositionAsync(log, cancellationToken) is > 0 and var position)
            {
                await readModels!.WaitForAsync(position, cancellationToken);
            }
            decision = decide(stream.State);
            if (decision.Events.Count == 0)
            {
                return new(decision.Answer, stream.State, [], Busy: false, attempt + 1);
            }
            var result = await log.AppendAsync(stream.Stream, stream.Version, decision.Events, cancellationToken);
            if (!result.Succeeded)
            {
                continue;
            }
            stream.Apply(result.Events);
            if (options.ReadYourWrite)
            {
                await readModels!.WaitForAsync(result.LastPosition, cancellationToken);
            }
            return new(decision.Answer, stream.State, result.Events, Busy: false, attempt + 1);
        }
        return new(decision.Answer, stream.State, [], Busy: true, options.MaxAttempts);
    }
}
