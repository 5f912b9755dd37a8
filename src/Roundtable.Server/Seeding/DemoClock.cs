namespace Roundtable.Server.Seeding;

/// <summary>
/// The clock of a node that seeds the demo: the system clock, except while the seeder writes the demo's past
/// roundtables, when it reads as the moment each step of them happened, so their events carry the days and durations
/// of real sessions (the log stamps each event with this clock). Used only where the demo is seeded, and only before the
/// node is ready, so nothing else writes meanwhile. A shared Redis log stamps events with Redis's own clock instead: there
/// the demo's history keeps the seeding time.
/// </summary>
public sealed class DemoClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Reads as <paramref name="instant"/> from now on (and runs on from there).</summary>
    public void Set(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - System.GetUtcNow()).Ticks);

    /// <summary>Back to the system clock.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
