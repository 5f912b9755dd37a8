namespace Roundtable.Core.Directory;

/// <summary>How often a series of roundtables repeats.</summary>
public enum Repeat
{
    None,
    Weekly,
    Fortnightly,
}

/// <summary>
/// When the occurrences of a series fall. They are generated on the wall clock of the series' time zone, so a series at
/// 10:00 Europe/Berlin stays at 10:00 there when the clocks change (and so moves by an hour in UTC).
/// </summary>
public static class Recurrence
{
    /// <summary>The most occurrences one series may have (a year of weekly sessions).</summary>
    public const int MaxOccurrences = 52;

    /// <summary>
    /// The occurrences from <paramref name="localStart"/> (wall-clock time in <paramref name="zone"/>): one when not repeating,
    /// else <paramref name="count"/> of them or as many as start on or before <paramref name="until"/> (a local date), at most
    /// <see cref="MaxOccurrences"/>.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Occurrences(DateTime localStart, TimeZoneInfo zone, Repeat repeat, int? count, DateOnly? until)
    {
        var first = ToUtc(localStart, zone);
        if (repeat == Repeat.None)
        {
            return [first];
        }
        var step = repeat == Repeat.Weekly ? 7 : 14;
        var occurrences = new List<DateTimeOffset>();
        for (var i = 0; i < MaxOccurrences; i++)
        {
            var local = localStart.AddDays(step * i);
            if (count is { } n ? i >= n : until is { } last && DateOnly.FromDateTime(local) > last)
            {
                break;
            }
            occurrences.Add(ToUtc(local, zone));
        }
        return occurrences;
    }

    /// <summary>
    /// The instant a wall-clock time in a zone names. A time the clocks skip (spring forward) is read as the same time
    /// after the jump; a time that happens twice (fall back) as the first of the two.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local - before, TimeSpan.Zero);
        }
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    /// <summary>The wall-clock time of an instant in a zone.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>The zone for an IANA id, or null when the id is not one (a Windows id is refused too: calendars need IANA).</summary>
    public static TimeZoneInfo? FindZone(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || ianaId.Length > 64)
        {
            return null;
        }
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(ianaId);
            return zone.HasIanaId || ianaId == "UTC" ? zone : null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
