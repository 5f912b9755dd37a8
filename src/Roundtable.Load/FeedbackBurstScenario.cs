using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Roundtable.Load;

/// <summary>One burst: every peer's feedback on one fresh presentation, timed at the presenter's connection.</summary>
public sealed record FeedbackBurstRun
{
    public int Run { get; init; }
    public required string PresentationId { get; init; }
    /// <summary>Submissions the server acknowledged.</summary>
    public int Submitted { get; init; }
    /// <summary>From the first submission's send to the last one's, as it happened.</summary>
    public double SendSpanMs { get; init; }
    /// <summary>How late the latest send left against its schedule (the tool falling behind shows here).</summary>
    public double SendLagMaxMs { get; init; }
    /// <summary>From the last submission's send until the presenter had an aggregate counting every acknowledged submission.</summary>
    public double? LastSendToCompleteMs { get; init; }
    /// <summary>The same from the last acknowledgement (negative when the presenter saw it before the giver's ack arrived).</summary>
    public double? LastAckToCompleteMs { get; init; }
    public double AckP50Ms { get; init; }
    public double AckP95Ms { get; init; }
    public double AckP99Ms { get; init; }
    public double AckMaxMs { get; init; }
    /// <summary>Per submission: from its ack to the first presenter update that includes it (may be negative).</summary>
    public double PresenterLagP50Ms { get; init; }
    public double PresenterLagP95Ms { get; init; }
    public double PresenterLagP99Ms { get; init; }
    public double PresenterLagMaxMs { get; init; }
    /// <summary>Server CPU per submission over the burst, until the presenter was complete (when the server's pid was given).</summary>
    public double? ServerCpuMsPerSubmission { get; init; }
    /// <summary>The load tool's own CPU over the same time, as a share of all cores.</summary>
    public double ToolCpuPercent { get; init; }
    /// <summary>Feedback updates the presenter received for this presentation.</summary>
    public int PresenterUpdates { get; init; }
    public bool Complete { get; init; }
    /// <summary>How the presenter's final aggregate differs from the one computed here from what was sent; null when equal.</summary>
    public string? AggregateMismatch { get; init; }
    public long Errors { get; init; }
    public string? FirstError { get; init; }

    public bool Correct => Complete && AggregateMismatch is null && Errors == 0;
}

/// <summary>Every burst of one invocation, with the median and the worst of the headline numbers.</summary>
public sealed record FeedbackBurstResult
{
    public required string Target { get; init; }
    public int Peers { get; init; }
    public double SpreadMs { get; init; }
    public required string Spacing { get; init; }
    public required IReadOnlyList<FeedbackBurstRun> Runs { get; init; }
    public double? MedianLastSendToCompleteMs { get; init; }
    public double? WorstLastSendToCompleteMs { get; init; }
    public double? MedianLastAckToCompleteMs { get; init; }
    public double? WorstLastAckToCompleteMs { get; init; }
    public double? MedianAckP99Ms { get; init; }
    public double? WorstAckP99Ms { get; init; }

    public bool Correct => Runs.All(r => r.Correct);
}

public sealed record FeedbackBurstReport(LoadOptions Options, FeedbackBurstResult Result);

/// <summary>
/// The feedback burst: the admin (as coach) creates a rubric over the API; a presenter, the peers and the coach join
/// one room. Per burst the coach adds a presentation slot, starts it and opens feedback; then every peer submits scores
/// and a short comment within the spread. Timed on the presenter's connection: when the aggregate counting every
/// submission arrived, against the last send and the last ack; checked against the aggregate computed here.
/// </summary>
internal sealed class FeedbackBurstScenario(LoadOptions options, TextWriter output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Levels = ["Not yet", "Emerging", "Developing", "Proficient", "Excellent"];

    public async Task<FeedbackBurstResult> RunAsync(CancellationToken cancellationToken)
    {
        // One room whose seats are the presenter (seat 0) and the peers.
        await using var target = new RoundtableTarget(options with { Connections = options.Peers + 1, Rooms = 1 });
        output.WriteLine($"{target.Name}: feedback burst, {options.Peers} peers within {options.Spread.TotalMilliseconds:0} ms ({Spacing}), {options.Repeat} bursts");
        await target.PrepareAsync(cancellationToken);
        var rubric = await CreateRubricAsync(target, cancellationToken);
        var roomId = target.RoomIds[0];
        var node = options.Urls[0];

        var roomEvents = new Inbox<JsonElement>();
        var presenterScreen = new Inbox<PresenterUpdate>();
        var connections = new List<HubConnection>();
        try
        {
            var (coach, _) = await RoundtableTarget.JoinAsync(node, target.AdminToken, roomId,
                c => c.On<List<JsonElement>>("RoomEvents", envelopes => envelopes.ForEach(roomEvents.Add)), cancellationToken);
            connections.Add(coach);
            var (presenter, _) = await RoundtableTarget.JoinAsync(node, target.Tokens[0], roomId,
                c => c.On<JsonElement>("FeedbackUpdated", update =>
                {
                    if (PresenterUpdate.Read(update) is { } seen)
                    {
                        presenterScreen.Add(seen);
                    }
                }), cancellationToken);
            connections.Add(presenter);
            var peers = await JoinPeersAsync(target, roomId, cancellationToken);
            connections.AddRange(peers);

            var room = new Room(roomId, target.UserIds[0], rubric, coach, peers, roomEvents, presenterScreen);
            var runs = new List<FeedbackBurstRun>();
            for (var run = 1; run <= options.Repeat; run++)
            {
                var burst = await BurstAsync(room, run, cancellationToken);
                runs.Add(burst);
                if (options.Progress)
                {
                    output.WriteLine($"  burst {run}: last send -> complete {FeedbackBurst.Show(burst.LastSendToCompleteMs)} ms, ack p99 {burst.AckP99Ms:0.0} ms{(burst.Correct ? "" : ", NOT CORRECT")}");
                }
                // A moment's rest, so one burst's tail does not run into the next.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            return Summarise(target.Name, runs);
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private string Spacing => options.RandomSpacing ? "random" : "even";

    private FeedbackBurstResult Summarise(string targetName, List<FeedbackBurstRun> runs)
    {
        static double? Worst(IEnumerable<double?> values) => values.Any(v => v is null) ? null : values.Max();
        return new FeedbackBurstResult
        {
            Target = targetName,
            Peers = options.Peers,
            SpreadMs = options.Spread.TotalMilliseconds,
            Spacing = Spacing,
            Runs = runs,
            MedianLastSendToCompleteMs = Stats.Median(runs.Select(r => r.LastSendToCompleteMs).OfType<double>()),
            WorstLastSendToCompleteMs = Worst(runs.Select(r => r.LastSendToCompleteMs)),
            MedianLastAckToCompleteMs = Stats.Median(runs.Select(r => r.LastAckToCompleteMs).OfType<double>()),
            WorstLastAckToCompleteMs = Worst(runs.Select(r => r.LastAckToCompleteMs)),
            MedianAckP99Ms = Stats.Median(runs.Select(r => r.AckP99Ms)),
            WorstAckP99Ms = runs.Count == 0 ? null : runs.Max(r => r.AckP99Ms),
        };
    }

    /// <summary>The rubric the coach rates with: five criteria on 1-5 (one weighted double), two open prompts.</summary>
    private static async Task<RubricShape> CreateRubricAsync(RoundtableTarget target, CancellationToken cancellationToken)
    {
        string[] criteria = ["Structure", "Clarity", "Evidence", "Delivery", "Handling questions"];
        var saved = await target.PostAsync($"/api/programs/{target.ProgramId}/rubrics", new
        {
            name = "Presentation (load run)",
            description = "Peer feedback on a presentation.",
            criteria = criteria.Select((name, i) => new { name, description = $"How the {name.ToLowerInvariant()} served the talk.", levels = Levels, weight = i == 2 ? 2.0 : 1.0 }),
            prompts = new[] { new { text = "What worked?" }, new { text = "What would you change?" } },
        }, cancellationToken);
        var rubric = saved.GetProperty("rubric");
        return new RubricShape(
            rubric.GetProperty("rubricId").GetString()!,
            [.. rubric.GetProperty("criteria").EnumerateArray().Select(c => new Criterion(
                c.GetProperty("id").GetString()!, c.GetProperty("levels").GetArrayLength(), c.GetProperty("weight").GetDouble()))],
            [.. rubric.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)]);
    }

    private async Task<List<HubConnection>> JoinPeersAsync(RoundtableTarget target, string roomId, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        return [.. await Task.WhenAll(Enumerable.Range(1, options.Peers).Select(async seat =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                // Peers ignore what the room sends them; only the presenter's screen is measured.
                var (connection, _) = await RoundtableTarget.JoinAsync(options.Urls[seat % options.Urls.Count], target.Tokens[seat], roomId, _ => { }, cancellationToken);
                return connection;
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    private async Task<FeedbackBurstRun> BurstAsync(Room room, int run, CancellationToken cancellationToken)
    {
        var presentationId = await StartPresentationAsync(room, cancellationToken);
        await room.Coach.InvokeAsync("OpenFeedback", room.RoomId,
            new { presentationId, rubricId = room.Rubric.RubricId, anonymity = "AnonymousToPresenter" }, cancellationToken);
        // The open window has reached the presenter: from here on, every update is the burst's.
        await room.PresenterScreen.FirstAsync(u => u.PresentationId == presentationId, StepTimeout, "the opened feedback window on the presenter's screen");

        var submissions = room.Peers.Select((_, i) => Plan(room.Rubric, run, i)).ToArray();
        var serverCpu = Stats.ProcessCpu(options.ServerPid);
        var toolCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuFrom = Stopwatch.GetTimestamp();
        var start = cpuFrom + Stopwatch.Frequency / 10;
        await Task.WhenAll(room.Peers.Select((peer, i) => SubmitAsync(peer, room.RoomId, presentationId, submissions[i], start, cancellationToken)));

        var acked = submissions.Where(s => s.SubmissionId is not null).ToArray();
        (long At, PresenterUpdate Update)? complete = null;
        try
        {
            complete = await room.PresenterScreen.FirstAsync(u => u.PresentationId == presentationId && u.Submissions >= acked.Length,
                StepTimeout, $"an aggregate of all {acked.Length} submissions on the presenter's screen");
        }
        catch (TimeoutException)
        {
        }
        var serverCpuUsed = Stats.ProcessCpu(options.ServerPid) - serverCpu;
        var toolCpuUsed = Process.GetCurrentProcess().TotalProcessorTime - toolCpu;
        var burstTime = Stopwatch.GetElapsedTime(cpuFrom);
        var updates = room.PresenterScreen.Where(u => u.PresentationId == presentationId);
        await room.Coach.InvokeAsync("CloseFeedback", room.RoomId, presentationId, cancellationToken);

        // The first presenter update at or after a submission's seq includes it (a submission's id is its seq).
        var lags = acked.Select(s => updates.FirstOrDefault(u => u.Item.Seq >= s.SubmissionId) is { Item: not null } first
                ? Stopwatch.GetElapsedTime(s.AckedAt, first.At).TotalMilliseconds
                : double.NaN)
            .Where(l => !double.IsNaN(l)).Order().ToArray();
        var acks = acked.Select(s => Stopwatch.GetElapsedTime(s.SentAt, s.AckedAt).TotalMilliseconds).Order().ToArray();
        var failed = submissions.Where(s => s.Error is not null).ToArray();
        var lastSend = submissions.Max(s => s.SentAt);
        var lastAck = acked.Length == 0 ? lastSend : acked.Max(s => s.AckedAt);
        return new FeedbackBurstRun
        {
            Run = run,
            PresentationId = presentationId,
            Submitted = acked.Length,
            SendSpanMs = Math.Round(Stopwatch.GetElapsedTime(submissions.Min(s => s.SentAt), lastSend).TotalMilliseconds, 1),
            SendLagMaxMs = Math.Round(submissions.Max(s => s.SendLagMs), 1),
            LastSendToCompleteMs = complete is { } c1 ? Math.Round(Stopwatch.GetElapsedTime(lastSend, c1.At).TotalMilliseconds, 2) : null,
            LastAckToCompleteMs = complete is { } c2 ? Math.Round(Stopwatch.GetElapsedTime(lastAck, c2.At).TotalMilliseconds, 2) : null,
            AckP50Ms = Stats.Percentile(acks, 0.50),
            AckP95Ms = Stats.Percentile(acks, 0.95),
            AckP99Ms = Stats.Percentile(acks, 0.99),
            AckMaxMs = Stats.Percentile(acks, 1),
            PresenterLagP50Ms = Stats.Percentile(lags, 0.50),
            PresenterLagP95Ms = Stats.Percentile(lags, 0.95),
            PresenterLagP99Ms = Stats.Percentile(lags, 0.99),
            PresenterLagMaxMs = Stats.Percentile(lags, 1),
            ServerCpuMsPerSubmission = serverCpuUsed is { } used && acked.Length > 0 ? Math.Round(used.TotalMilliseconds / acked.Length, 2) : null,
            ToolCpuPercent = Math.Round(toolCpuUsed / burstTime / Environment.ProcessorCount * 100, 1),
            PresenterUpdates = updates.Count,
            Complete = complete is not null,
            AggregateMismatch = complete is { } c3
                ? Compare(c3.Update.Aggregate, room.Rubric, acked)
                : $"the presenter never saw all {acked.Length} (last seen: {updates.LastOrDefault().Item?.Submissions ?? 0})",
            Errors = failed.Length,
            FirstError = failed.FirstOrDefault()?.Error,
        };
    }

    /// <summary>Adds a presentation slot for the presenter and starts it; returns the new presentation's id.</summary>
    private static async Task<string> StartPresentationAsync(Room room, CancellationToken cancellationToken)
    {
        var after = room.Events.Count;
        await room.Coach.InvokeAsync("AddPresentationSlot", room.RoomId, room.PresenterUserId, 5, cancellationToken);
        var (_, added) = await room.Events.FirstAsync(after, e => EventType(e) == "AgendaItemAdded", StepTimeout, "the new presentation slot");
        var itemId = added.GetProperty("event").GetProperty("itemId").GetString()!;
        await room.Coach.InvokeAsync("StartPresentation", room.RoomId, itemId, cancellationToken);
        var (_, started) = await room.Events.FirstAsync(after,
            e => EventType(e) == "PresentationStarted" && e.GetProperty("event").GetProperty("agendaItemId").GetString() == itemId,
            StepTimeout, "the presentation's start");
        return started.GetProperty("event").GetProperty("presentationId").GetString()!;
    }

    private static string? EventType(JsonElement envelope) => envelope.GetProperty("event").GetProperty("type").GetString();

    /// <summary>What peer <paramref name="index"/> sends in burst <paramref name="run"/>, and when (offset from the burst's start).</summary>
    private Submission Plan(RubricShape rubric, int run, int index)
    {
        var random = new Random(run * 100_003 + index);
        var spread = options.Spread.Ticks;
        var offset = options.RandomSpacing ? (long)(random.NextDouble() * spread) : spread * index / options.Peers;
        var scores = rubric.Criteria.ToDictionary(c => c.Id, c => random.Next(1, c.MaxScore + 1));
        string[] comments = [$"Peer {index}: the opening made the problem clear.", "Slow down on the demo."];
        var answers = rubric.PromptIds.Zip(comments).ToDictionary(p => p.First, p => p.Second);
        return new Submission(TimeSpan.FromTicks(offset), scores, answers);
    }

    private static async Task SubmitAsync(HubConnection peer, string roomId, string presentationId, Submission s, long start, CancellationToken cancellationToken)
    {
        var due = start + (long)(s.Offset.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
        s.SentAt = Stopwatch.GetTimestamp();
        s.SendLagMs = Stopwatch.GetElapsedTime(due, s.SentAt).TotalMilliseconds;
        try
        {
            var receipt = await peer.InvokeAsync<JsonElement>("SubmitFeedback", roomId,
                new { presentationId, scores = s.Scores, answers = s.Answers }, cancellationToken);
            s.AckedAt = Stopwatch.GetTimestamp();
            s.SubmissionId = receipt.GetProperty("submissionId").GetInt64();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            s.Error = ex.Message;
        }
    }

    /// <summary>The presenter's aggregate against the one computed from the acknowledged submissions; null when they agree.</summary>
    private static string? Compare(JsonElement? aggregate, RubricShape rubric, Submission[] acked)
    {
        if (aggregate is not { ValueKind: JsonValueKind.Object } seen)
        {
            return "the presenter's update had no aggregate";
        }
        if (seen.GetProperty("submissions").GetInt32() != acked.Length)
        {
            return $"{seen.GetProperty("submissions").GetInt32()} submissions counted, {acked.Length} sent";
        }
        var byId = seen.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("criterionId").GetString()!);
        double weighted = 0, weights = 0;
        foreach (var criterion in rubric.Criteria)
        {
            if (!byId.TryGetValue(criterion.Id, out var shown))
            {
                return $"criterion {criterion.Id} is missing";
            }
            var given = acked.Select(s => s.Scores[criterion.Id]).ToArray();
            var mean = given.Length == 0 ? (double?)null : (double)given.Sum() / given.Length;
            var distribution = Enumerable.Range(1, criterion.MaxScore).Select(score => given.Count(g => g == score));
            var shownMean = shown.GetProperty("mean") is { ValueKind: JsonValueKind.Number } m ? m.GetDouble() : (double?)null;
            if (shown.GetProperty("count").GetInt32() != given.Length || !Close(shownMean, mean)
                || !shown.GetProperty("distribution").EnumerateArray().Select(d => d.GetInt32()).SequenceEqual(distribution))
            {
                return $"criterion {criterion.Id}: shown count {shown.GetProperty("count")}, mean {FeedbackBurst.Show(shownMean)}; sent {given.Length}, mean {FeedbackBurst.Show(mean)}";
            }
            if (mean is { } value)
            {
                weighted += value * criterion.Weight;
                weights += criterion.Weight;
            }
        }
        var overall = seen.GetProperty("overall") is { ValueKind: JsonValueKind.Number } o ? o.GetDouble() : (double?)null;
        var expectedOverall = weights > 0 ? weighted / weights : (double?)null;
        return Close(overall, expectedOverall) ? null : $"overall shown {FeedbackBurst.Show(overall)}, expected {FeedbackBurst.Show(expectedOverall)}";
    }

    private static bool Close(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-9;

    private sealed record Criterion(string Id, int MaxScore, double Weight);

    private sealed record RubricShape(string RubricId, IReadOnlyList<Criterion> Criteria, IReadOnlyList<string> PromptIds);

    private sealed record Room(
        string RoomId, string PresenterUserId, RubricShape Rubric, HubConnection Coach, IReadOnlyList<HubConnection> Peers,
        Inbox<JsonElement> Events, Inbox<PresenterUpdate> PresenterScreen);

    private sealed class Submission(TimeSpan offset, Dictionary<string, int> scores, Dictionary<string, string> answers)
    {
        public TimeSpan Offset => offset;
        public Dictionary<string, int> Scores => scores;
        public Dictionary<string, string> Answers => answers;
        public long SentAt { get; set; }
        public double SendLagMs { get; set; }
        public long AckedAt { get; set; }
        public long? SubmissionId { get; set; }
        public string? Error { get; set; }
    }

    /// <summary>A feedback update as the presenter's screen got it: which presentation, as of which seq, the aggregate.</summary>
    private sealed record PresenterUpdate(string PresentationId, long Seq, int Submissions, JsonElement? Aggregate)
    {
        public static PresenterUpdate? Read(JsonElement update)
        {
            if (update.GetProperty("for").GetString() != "Presenter" || update.GetProperty("view") is not { ValueKind: JsonValueKind.Object } view)
            {
                return null;
            }
            var aggregate = view.GetProperty("aggregate");
            return new PresenterUpdate(
                update.GetProperty("presentationId").GetString()!,
                update.GetProperty("seq").GetInt64(),
                aggregate.ValueKind == JsonValueKind.Object ? aggregate.GetProperty("submissions").GetInt32() : 0,
                aggregate.ValueKind == JsonValueKind.Object ? aggregate.Clone() : null);
        }
    }
}

/// <summary>The feedback burst from outside: run it, print it.</summary>
public static class FeedbackBurst
{
    public static async Task<FeedbackBurstReport> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken) =>
        new(options, await new FeedbackBurstScenario(options, output).RunAsync(cancellationToken));

    public static void Print(FeedbackBurstReport report, TextWriter output)
    {
        var result = report.Result;
        output.WriteLine();
        output.WriteLine($"{result.Target}: {result.Peers} peers within {result.SpreadMs:0} ms ({result.Spacing})");
        output.WriteLine();
        output.WriteLine("| burst | submitted | send span ms | last send -> complete ms | last ack -> complete ms | ack p50 / p95 / p99 / max ms | presenter lag after ack p50 / p95 / p99 / max ms | presenter updates | server CPU ms per submission | load tool CPU % | errors | aggregate |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in result.Runs)
        {
            output.WriteLine($"| {r.Run} | {r.Submitted} | {r.SendSpanMs:0.0} | {Show(r.LastSendToCompleteMs)} | {Show(r.LastAckToCompleteMs)} "
                + $"| {r.AckP50Ms:0.0} / {r.AckP95Ms:0.0} / {r.AckP99Ms:0.0} / {r.AckMaxMs:0.0} "
                + $"| {r.PresenterLagP50Ms:0.0} / {r.PresenterLagP95Ms:0.0} / {r.PresenterLagP99Ms:0.0} / {r.PresenterLagMaxMs:0.0} "
                + $"| {r.PresenterUpdates} | {Show(r.ServerCpuMsPerSubmission)} | {r.ToolCpuPercent:0.0} | {(r.Errors == 0 ? "0" : $"{r.Errors} ({r.FirstError})")} | {r.AggregateMismatch ?? "equal"} |");
        }
        output.WriteLine();
        output.WriteLine("| measure | median | worst |");
        output.WriteLine("| --- | --- | --- |");
        output.WriteLine($"| last send -> complete aggregate on presenter ms | {Show(result.MedianLastSendToCompleteMs)} | {Show(result.WorstLastSendToCompleteMs)} |");
        output.WriteLine($"| last ack -> complete aggregate on presenter ms | {Show(result.MedianLastAckToCompleteMs)} | {Show(result.WorstLastAckToCompleteMs)} |");
        output.WriteLine($"| submit ack p99 ms | {Show(result.MedianAckP99Ms)} | {Show(result.WorstAckP99Ms)} |");
        output.WriteLine($"| correct (complete, equal aggregate, no errors) | {result.Runs.Count(r => r.Correct)} of {result.Runs.Count} bursts | |");
    }

    internal static string Show(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";
}

/// <summary>What one connection received, each item with when it arrived; a caller can wait for the first that matches.</summary>
internal sealed class Inbox<T>
{
    private readonly Lock _lock = new();
    private readonly List<(long At, T Item)> _items = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<(long, T)> Found)> _waiting = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        var at = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            _items.Add((at, item));
            _waiting.RemoveAll(w => w.Match(item) && w.Found.TrySetResult((at, item)));
        }
    }

    public Task<(long At, T Item)> FirstAsync(Func<T, bool> match, TimeSpan timeout, string what) => FirstAsync(0, match, timeout, what);

    /// <summary>The first item at index <paramref name="from"/> or later that matches, as soon as it arrives.</summary>
    public async Task<(long At, T Item)> FirstAsync(int from, Func<T, bool> match, TimeSpan timeout, string what)
    {
        Task<(long, T)> found;
        lock (_lock)
        {
            for (var i = from; i < _items.Count; i++)
            {
                if (match(_items[i].Item))
                {
                    return _items[i];
                }
            }
            var waiter = new TaskCompletionSource<(long, T)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((match, waiter));
            found = waiter.Task;
        }
        try
        {
            return await found.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
        }
    }

    public List<(long At, T Item)> Where(Func<T, bool> match)
    {
        lock (_lock)
        {
            return _items.Where(i => match(i.Item)).ToList();
        }
    }
}
