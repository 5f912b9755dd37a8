using System.Globalization;

namespace Roundtable.Load;

public enum LoadScenario
{
    /// <summary>Chat in many rooms at a steady rate (the default).</summary>
    Chat,

    /// <summary>Many peers submit feedback on one presentation at once; timed on the presenter's screen.</summary>
    FeedbackBurst,
}

/// <summary>What to run: where, how many, how fast, for how long.</summary>
public sealed record LoadOptions
{
    public LoadScenario Scenario { get; init; } = LoadScenario.Chat;

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

    /// <summary>Feedback burst: the peers who give feedback (the presenter and the coach join as well).</summary>
    public int Peers { get; init; } = 200;

    /// <summary>Feedback burst: the time over which the peers' submissions are sent.</summary>
    public TimeSpan Spread { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Feedback burst: send times drawn at random within the spread, rather than evenly spaced.</summary>
    public bool RandomSpacing { get; init; }

    /// <summary>Feedback burst: bursts to run, each on a fresh presentation.</summary>
    public int Repeat { get; init; } = 5;

    public int RoomSize => (Connections + Rooms - 1) / Rooms;

    /// <summary>A few seconds of light load that checks delivery only (for the test suite); small bursts for feedback.</summary>
    public static LoadOptions Quick(Uri url) => new()
    {
        Urls = [url],
        Connections = 50,
        Rooms = 5,
        Rate = 2,
        Duration = TimeSpan.FromSeconds(3),
        Warmup = TimeSpan.FromSeconds(1),
        Peers = 20,
        Repeat = 2,
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
                "--scenario" => options with { Scenario = ScenarioNamed(Next()) },
                "--peers" => options with { Peers = Int(Next()) },
                "--spread" => options with { Spread = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--spacing" => options with { RandomSpacing = Next() switch
                {
                    "even" => false,
                    "random" => true,
                    var other => throw new ArgumentException($"--spacing is even or random, not {other}."),
                } },
                "--repeat" => options with { Repeat = Int(Next()) },
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
                "--quick" => Quick(options.Urls[0]) with { Scenario = options.Scenario, BaselineUrl = options.BaselineUrl, JsonPath = options.JsonPath },
                _ => throw new ArgumentException($"Unknown option {args[i]}. See README: the load tool."),
            };
        }
        if (options.Scenario == LoadScenario.Chat
            && (options.Connections < 1 || options.Rooms < 1 || options.Rooms > options.Connections || options.Rate <= 0))
        {
            throw new ArgumentException("Need connections >= rooms >= 1 and a positive rate.");
        }
        if (options.Scenario == LoadScenario.FeedbackBurst && (options.Peers < 1 || options.Repeat < 1 || options.Spread < TimeSpan.Zero))
        {
            throw new ArgumentException("Need peers >= 1, repeat >= 1 and a spread of 0 seconds or more.");
        }
        return options;
    }

    private static LoadScenario ScenarioNamed(string name) => name switch
    {
        "chat" => LoadScenario.Chat,
        "feedback-burst" => LoadScenario.FeedbackBurst,
        _ => throw new ArgumentException($"--scenario is chat or feedback-burst, not {name}."),
    };

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
