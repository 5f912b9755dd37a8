using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

public sealed class EventStreamWriterTests
{
    private const string Stream = "room-a";
    // A deadline, not a wait: generous, for a busy two-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly StreamWriteOptions Plain = new();

    private readonly MemoryEventLog _log = new();

    private static MessagePosted Message(string text) => new("u1", "User", text, $"<p>{text}</p>", text);

    /// <summary>The texts of a stream's messages, in order.</summary>
    private static FoldedStream<List<string>> Texts() =>
        FoldedStream.Of<List<string>>(Stream, [], (texts, stored) => texts.Add(((MessagePosted)stored.Event).Markdown));

    /// <summary>Appends <paramref name="text"/> after what the stream holds, answering how many messages it decided after.</summary>
    private static StreamDecision<int> Post(List<string> texts, string text) => StreamDecision.Append(texts.Count, Message(text));

    [Fact]
    public async Task AConflictMeansReadingTheOtherWritersEventsDecidingAgainAndAppendingAfterThem()
    {
        var writer = new EventStreamWriter(_log);
        _log.BeforeAppend = _ =>
        {
            _log.BeforeAppend = null;
            _log.AppendNow(Stream, Message("theirs"));
            return Task.CompletedTask;
        };
        var seen = new List<List<string>>();

        var write = await writer.ExecuteAsync(Texts(), texts =>
        {
            seen.Add([.. texts]);
            return Post(texts, "mine");
        }, Plain);

        Assert.False(write.Busy);
        Assert.Equal(2, write.Attempts);
        Assert.Equal([[], ["theirs"]], seen);
        Assert.Equal(1, write.Answer);
        Assert.Equal(["theirs", "mine"], write.State);
        Assert.Equal(2, Assert.Single(write.Appended).Seq);
        Assert.Equal(2, await _log.GetStreamVersionAsync(Stream));
    }

    [Fact]
    public async Task AWriterThatLosesEveryRaceGivesUpAsBusyAfterItsAttemptsHavingAppendedNothing()
    {
        var writer = new EventStreamWriter(_log);
        _log.BeforeAppend = _ =>
        {
            _log.AppendNow(Stream, Message("theirs"));
            return Task.CompletedTask;
        };
        var decisions = 0;

        var write = await writer.ExecuteAsync(Texts(), texts =>
        {
            decisions++;
            return Post(texts, "mine");
        }, new StreamWriteOptions { MaxAttempts = 3 });

        Assert.True(write.Busy);
        Assert.Equal(3, write.Attempts);
        Assert.Equal(3, decisions);
        Assert.Empty(write.Appended);
        Assert.Equal(0, write.LastPosition);
        Assert.DoesNotContain("mine", (await _log.ReadStreamAsync(Stream, 0, 100)).Select(e => ((MessagePosted)e.Event).Markdown));
    }

    [Fact]
    public async Task ADecisionWithNothingToAppendIsAnsweredWithoutTouchingTheLog()
    {
        _log.AppendNow(Stream, Message("first"));
        var writer = new EventStreamWriter(_log);

        var write = await writer.ExecuteAsync(Texts(), texts => StreamDecision.Nothing($"refused after {texts.Count}"), Plain);

        Assert.Equal("refused after 1", write.Answer);
        Assert.False(write.Busy);
        Assert.Empty(write.Appended);
        Assert.Equal(0, _log.Appends);
    }

    [Fact]
    public async Task AnUnknownOutcomeIsPassedOnAndNeverRetried()
    {
        var writer = new EventStreamWriter(_log);
        _log.BeforeAppend = _ => throw new EventLogOutcomeUnknownException();
        var decisions = 0;

        var thrown = await Assert.ThrowsAsync<EventLogOutcomeUnknownException>(() => writer.ExecuteAsync(Texts(), texts =>
        {
            decisions++;
            return Post(texts, "mine");
        }, Plain));

        Assert.Equal(EventLogOutcomeUnknownException.DefaultMessage, thrown.Message);
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task AnUnavailableLogIsPassedOnAsNothingSaved()
    {
        var writer = new EventStreamWriter(_log);
        _log.BeforeAppend = _ => throw new EventLogUnavailableException("The server's storage is full; nothing was saved.");

        var thrown = await Assert.ThrowsAsync<EventLogUnavailableException>(() => writer.ExecuteAsync(Texts(), texts => Post(texts, "mine"), Plain));

        Assert.Equal("The server's storage is full; nothing was saved.", thrown.Message);
        Assert.Equal(0, await _log.GetStreamVersionAsync(Stream));
    }

    [Fact]
    public async Task AFoldKeptBetweenWritesReadsOnlyWhatCameAfter()
    {
        var writer = new EventStreamWriter(_log);
        var texts = Texts();
        await writer.ExecuteAsync(texts, t => Post(t, "one"), Plain);
        await writer.ExecuteAsync(texts, t => Post(t, "two"), Plain);
        Assert.Equal(0, _log.EventsRead); // its own appends are folded in as they are made
        _log.AppendNow(Stream, Message("theirs"));

        var write = await writer.ExecuteAsync(texts, t => Post(t, "three"), Plain);

        Assert.Equal(1, _log.EventsRead);
        Assert.Equal(["one", "two", "theirs", "three"], write.State);
        Assert.Equal(4, texts.Version);
    }

    [Fact]
    public async Task AVersionOnlyFoldReadsNoEvents()
    {
        _log.AppendNow(Stream, Message("a"), Message("b"));
        var writer = new EventStreamWriter(_log);

        var write = await writer.ExecuteAsync(FoldedStream.VersionOnly(Stream), version => StreamDecision.Append(version, Message("c")), Plain);

        Assert.Equal(2, write.Answer);
        Assert.Equal(3, write.State);
        Assert.Equal(0, _log.EventsRead);
    }

    [Fact]
    public async Task AReadYourWriteReturnsOnlyOnceTheReadModelsHaveTheAppendedEvents()
    {
        _log.AppendNow("directory", Message("elsewhere"));
        var readModels = new ReadModels();
        var writer = new EventStreamWriter(_log, readModels);

        var writing = writer.ExecuteAsync(Texts(), t => Post(t, "mine"), new StreamWriteOptions { ReadYourWrite = true });
        await readModels.Waiting(2).WaitAsync(Patience);
        Assert.False(writing.IsCompleted);

        readModels.Position.Advance(2);
        var write = await writing.WaitAsync(Patience);
        Assert.Equal(2, write.LastPosition);
    }

    [Fact]
    public async Task ADecisionOnReadModelsWaitsUntilTheyHaveTheStreamAsRead()
    {
        _log.AppendNow(Stream, Message("a"));
        _log.AppendNow("directory", Message("elsewhere"));
        var readModels = new ReadModels();
        var writer = new EventStreamWriter(_log, readModels);
        var decided = false;

        var writing = writer.ExecuteAsync(FoldedStream.VersionOnly(Stream), version =>
        {
            decided = true;
            return StreamDecision.Nothing(version);
        }, new StreamWriteOptions { DecideOnReadModels = true });
        await readModels.Waiting(1).WaitAsync(Patience); // the stream's last event, not the log's head
        Assert.False(decided);

        readModels.Position.Advance(1);
        Assert.Equal(1, (await writing.WaitAsync(Patience)).Answer);
        Assert.True(decided);
    }

    [Fact]
    public async Task AnEmptyStreamIsDecidedOnWithoutWaitingForReadModels()
    {
        var readModels = new ReadModels(); // never moves
        var writer = new EventStreamWriter(_log, readModels);

        var write = await writer.ExecuteAsync(FoldedStream.VersionOnly(Stream), version => StreamDecision.Nothing(version),
            new StreamWriteOptions { DecideOnReadModels = true }).WaitAsync(Patience);

        Assert.Equal(0, write.Answer);
    }

    [Fact]
    public async Task WaitingForReadModelsNeedsAWriterThatKnowsThem() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new EventStreamWriter(_log).ExecuteAsync(Texts(), t => Post(t, "mine"), new StreamWriteOptions { ReadYourWrite = true }));

    /// <summary>Read models that a test moves on by hand, telling which position a writer waits for.</summary>
    private sealed class ReadModels : IReadModelProgress
    {
        private readonly TaskCompletionSource<long> _waitedFor = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PositionSignal Position { get; } = new();

        public async Task Waiting(long position) => Assert.Equal(position, await _waitedFor.Task);

        public Task WaitForAsync(long position, CancellationToken cancellationToken = default)
        {
            _waitedFor.TrySetResult(position);
            return Position.WaitForAsync(position, cancellationToken);
        }
    }
}
