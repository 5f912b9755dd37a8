using System.Globalization;

namespace Roundtable.Load;

/// <summary>What to run: where, how many, how fast, for how long.</summary>
public sealed record LoadOptions
{
    /// <summary>Roundtable nodes; connections are spread over them in turn.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [new("http://localhost:5000")];

    /// <summary>A bare broadcast hub (Roundtable.BareHub) to run the same load against, for the ratio.</summary>
    public Uri? BaselineUrl { get; init; }

    public int Connections { get; init; } = 2000;
    public int Rooms { get; init; } = 100;

    /// <summary>Messages each connection sends per second (0.2 = one every 5 s).</summary>
    public double Rate { get; init; } = 0.2;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sending before measuring starts, so connections and JIT settle.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int ConnectConcurrency { get; init; } = 64;
    public string AdminEmail { get; init; } = "admin@roundtable.local";
    public string AdminPassword { get; init; } = "roundtable-demo";
    public string? JsonPath { get; init; }
    public bool Progress { get; init; } = true;

    /// <summary>Catch-up benchmark: events to put in one room before timing a full catch-up (0 = skip).</summary>
    public int CatchupEvents { get; init; }

    /// <summary>Process ids of the Roundtable node and the bare hub on this machine, to measure memory per idle connection.</summary>
    public int? ServerPid { get; init; }
    public int? BaselinePid { get; init; }

    public int RoomSize => (Connections + Rooms - 1) / Rooms;

    /// <summary>A few seconds of light load that checks delivery only (for the test suite).</summary>
    public static LoadOptions Quick(Uri url) => new()
    {
        Urls = [url],
        Connections = 50,
        Rooms = 5,
        Rate = 2,
        Duration = TimeSpan.FromSeconds(3),
        Warmup = TimeSpan.FromSeconds(1),
        Progress = false,
    };

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--url" => options with { Urls = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToList() },
                "--baseline" => options with { BaselineUrl = new Uri(Next()) },
                "--connections" => options with { Connections = Int(Next()) },
                "--rooms" => options with { Rooms = Int(Next()) },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Int(Next())) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Int(Next())) },
                "--admin-email" => options with { AdminEmail = Next() },
                "--admin-password" => options with { AdminPassword = Next() },
                "--json" => options with { JsonPath = Next() },
                "--catchup" => options with { CatchupEvents = Int(Next()) },
                "--quiet" => options with { Progress = false },
                "--server-pid" => options with { ServerPid = Int(Next()) },
                "--baseline-pid" => options with { BaselinePid = Int(Next()) },
                "--quick" => Quick(options.Urls[0]) with { BaselineUrl = options.BaselineUrl, JsonPath = options.JsonPath },
                _ => throw new ArgumentException($"Unknown option {args[i]}. See README: the load tool."),
            };
        }
        if (options.Connections < 1 || options.Rooms < 1 || options.Rooms > options.Connections || options.Rate <= 0)
        {
            throw new ArgumentException("Need connections >= rooms >= 1 and a positive rate.");
        }
        return options;
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
