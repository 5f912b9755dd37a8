using System.Globalization;

namespace Roundtable.Load;

internal static class Stats
{
    /// <summary>The nearest-rank percentile of sorted values, rounded to 0.01; 0 when there are none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))], 2);

    /// <summary>The median (the mean of the middle two for an even count), rounded to 0.01; null when there are none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        var middle = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 2);
    }

    /// <summary>CPU time a process on this machine has used so far, from /proc; null when its pid is unknown.</summary>
    public static TimeSpan? ProcessCpu(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }
        // After the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th fields.
        var stat = File.ReadAllText($"/proc/{id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    // USER_HZ: 100 on Linux wherever .NET runs.
    private const int ClockTicksPerSecond = 100;
}
