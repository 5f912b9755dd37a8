using Microsoft.Extensions.Options;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>Asynchronous feedback. Bound from the "AsyncPresentations" section.</summary>
public sealed class AsyncPresentationOptions
{
    public const string Section = "AsyncPresentations";

    /// <summary>How often each node looks for rounds past their deadline to close (and so release). 30 seconds.</summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Records the close of every round whose deadline has passed, so presenters are told their feedback is released. The
/// deadline holds without it (decisions judge it at the server's time); every node runs this, and a round already closed
/// by another node is left as it is.
/// </summary>
public sealed partial class AsyncReviewDeadlines(
    RoundtableDb db, AsyncPresentationWriter writer, Projector projector, TimeProvider time, IOptions<AsyncPresentationOptions> options,
    ILogger<AsyncReviewDeadlines> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CloseDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Closes every round past its deadline; the number closed by this call.</summary>
    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        if (!projector.IsReady)
        {
            return 0;
        }
        var now = time.GetUtcNow().UtcDateTime;
        var closed = 0;
        foreach (var round in db.AsyncRounds.Find(r => !r.Closed && r.Deadline <= now).ToList())
        {
            try
            {
                if (await writer.ExecuteAsync(round.CohortId, (state, at) => state.Close(null, round.Id, at), cancellationToken) is null)
                {
                    closed++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCloseFailed(ex, round.Id);
            }
        }
        return closed;
    }

    [LoggerMessage(EventId = 8510, Level = LogLevel.Warning, Message = "Closing feedback round {RoundId} at its deadline failed; the next check tries again")]
    private partial void LogCloseFailed(Exception ex, string roundId);
}
