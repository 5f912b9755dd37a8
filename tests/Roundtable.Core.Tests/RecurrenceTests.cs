using Roundtable.Core.Directory;

namespace Roundtable.Core.Tests;

/// <summary>Occurrences of a series on the wall clock of its zone, through the changes of the clocks.</summary>
public sealed class RecurrenceTests
{
    private static readonly TimeZoneInfo Berlin = Recurrence.FindZone("Europe/Berlin")!;

    [Fact]
    public void AFortnightlySeriesStaysAtItsLocalTimeWhenTheClocksGoBack()
    {
        var starts = Recurrence.Occurrences(new DateTime(2027, 10, 19, 10, 0, 0), Berlin, Repeat.Fortnightly, 2, null);
        Assert.Equal([new DateTimeOffset(2027, 10, 19, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 11, 2, 9, 0, 0, TimeSpan.Zero)], starts);
    }

    [Fact]
    public void ATimeTheClocksSkipIsReadAsTheSameTimeAfterTheJump()
    {
        // 02:30 on 28 March 2027 does not exist in Berlin: it is 03:30 CEST, 01:30 UTC.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), Recurrence.ToUtc(new DateTime(2027, 3, 28, 2, 30, 0), Berlin));
    }

    [Fact]
    public void ATimeThatHappensTwiceIsReadAsTheFirst()
    {
        // 02:30 on 31 October 2027 happens twice in Berlin: first in summer time (00:30 UTC).
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), Recurrence.ToUtc(new DateTime(2027, 10, 31, 2, 30, 0), Berlin));
    }

    [Fact]
    public void ASeriesEndsOnItsLastDateAndNeverPassesTheLimit()
    {
        Assert.Equal(3, Recurrence.Occurrences(new DateTime(2027, 1, 5, 9, 0, 0), TimeZoneInfo.Utc, Repeat.Weekly, null, new DateOnly(2027, 1, 19)).Count);
        Assert.Equal(Recurrence.MaxOccurrences, Recurrence.Occurrences(new DateTime(2027, 1, 5, 9, 0, 0), TimeZoneInfo.Utc, Repeat.Weekly, null, new DateOnly(2040, 1, 1)).Count);
        Assert.Single(Recurrence.Occurrences(new DateTime(2027, 1, 5, 9, 0, 0), TimeZoneInfo.Utc, Repeat.None, 5, null));
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyIanaZonesAreAccepted(string? id, bool known) => Assert.Equal(known, Recurrence.FindZone(id) is not null);
}
