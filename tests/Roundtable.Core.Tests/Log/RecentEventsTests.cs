using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Tests;

public sealed class RecentEventsTests
{
    private static StoredEvent At(long position) =>
        new("room-a", position, position, DateTimeOffset.UnixEpoch, new MessagePosted("u1", "User", $"m{position}", $"<p>m{position}</p>", null));

    private static IEnumerable<StoredEvent> Range(long from, long to)
    {
        for (var p = from; p <= to; p++)
        {
            yield return At(p);
        }
    }

    private static long[] Positions(IReadOnlyList<StoredEvent>? page)
    {
        Assert.NotNull(page);
        return [.. page.Select(e => e.Position)];
    }

    [Fact]
    public void AnEmptyBufferAnswersNothing() =>
        Assert.Null(new RecentEvents(8).TryRead(0, 10, 0));

    [Fact]
    public void ReadsThePositionsAfterTheOneGivenUpToTheMaximum()
    {
        var recent = new RecentEvents(8);
        recent.Add(Range(11, 15));

        Assert.Equal([11, 12, 13], Positions(recent.TryRead(10, 3, 15)));
        Assert.Equal([14, 15], Positions(recent.TryRead(13, 10, 15)));
        Assert.Empty(recent.TryRead(15, 10, 15)!);
    }

    [Fact]
    public void ARangeThatStartsBeforeTheOldestHeldIsLeftToStorage()
    {
        var recent = new RecentEvents(8);
        recent.Add(Range(11, 15));

        Assert.Null(recent.TryRead(9, 10, 15));
        Assert.Null(recent.TryRead(0, 10, 15));
    }

    [Fact]
    public void KeepsOnlyTheNewestUpToItsCapacity()
    {
        var recent = new RecentEvents(4);
        recent.Add(Range(1, 3));
        recent.Add(Range(4, 10));

        Assert.Null(recent.TryRead(5, 10, 10));
        Assert.Equal([7, 8, 9, 10], Positions(recent.TryRead(6, 10, 10)));
    }

    [Fact]
    public void AGapStartsTheRunAfreshSoNoReadSkipsAPosition()
    {
        var recent = new RecentEvents(8);
        recent.Add(Range(1, 3));
        recent.Add(Range(6, 7));

        Assert.Null(recent.TryRead(3, 10, 7));
        Assert.Equal([6, 7], Positions(recent.TryRead(5, 10, 7)));
    }

    [Fact]
    public void AHeadBeyondWhatIsHeldIsLeftToStorage()
    {
        var recent = new RecentEvents(8);
        recent.Add(Range(1, 3));

        Assert.Null(recent.TryRead(1, 10, 4));
    }

    [Fact]
    public void MatchesAPlainListOnRandomAddsAndReads()
    {
        var random = new Random(2026);
        var recent = new RecentEvents(16);
        var all = new List<StoredEvent>();
        var next = 1L;
        for (var step = 0; step < 2000; step++)
        {
            var batch = Range(next, next + random.Next(0, 5)).ToList();
            next += batch.Count;
            recent.Add(batch);
            all.AddRange(batch);
            var after = Math.Max(0, next - 1 - random.Next(0, 24));
            var max = random.Next(1, 20);
            var page = recent.TryRead(after, max, next - 1);
            var oldestHeld = Math.Max(1, next - 16);
            if (after + 1 >= oldestHeld)
            {
                Assert.Equal(all.Where(e => e.Position > after).Take(max).Select(e => e.Position), Positions(page));
            }
            else
            {
                Assert.Null(page);
            }
        }
    }
}
