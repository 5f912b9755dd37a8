using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Projection;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Seeding;

/// <summary>Bound from the "Seed" section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Create the demo program, cohort, roundtables and accounts when the log is empty. Turn off for real deployments.</summary>
    public bool DemoData { get; set; } = true;

    /// <summary>The password every demo account gets.</summary>
    public string DemoPassword { get; set; } = "roundtable-demo";
}

public sealed record DemoAccount(string Email, string DisplayName, string Role);

/// <summary>
/// On the first start with an empty log, writes a demo program through the same commands the API uses, so there
/// is something to see. Runs once per deployment: the directory's expected version makes a second seeder lose.
/// </summary>
public sealed partial class DemoSeeder(
    IEventLog log,
    Projector projector,
    AccountService accounts,
    DirectoryWriter writer,
    RoomCommandRunner rooms,
    IOptions<SeedOptions> options,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@roundtable.local", "Ada Admin", "admin"),
        new("coach@roundtable.local", "Cora Coach", "Coach"),
        new("manager@roundtable.local", "Max Manager", "Manager"),
        new("lena@roundtable.local", "Lena Learner", "Learner"),
        new("liam@roundtable.local", "Liam Learner", "Learner"),
        new("noor@roundtable.local", "Noor Learner", "Learner"),
        new("theo@roundtable.local", "Theo Learner", "Learner"),
    ];

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once seeding has finished or was not needed.</summary>
    public bool IsDone => _done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!projector.IsReady)
            {
                await Task.Delay(50, stoppingToken);
            }
            if (options.Value.DemoData && await log.GetStreamVersionAsync(StreamNames.Directory, stoppingToken) == 0)
            {
                await SeedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSeedFailed(ex);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, string>();
        foreach (var account in Accounts)
        {
            var (user, problem) = await accounts.RegisterAsync(account.Email, account.DisplayName, options.Value.DemoPassword, account.Role == "admin", cancellationToken);
            if (user is null)
            {
                LogSeedSkipped(problem?.Detail ?? "unknown");
                return;
            }
            users[account.Email] = user.Id;
        }
        var admin = users["admin@roundtable.local"];
        var programId = Ids.New();
        var cohortId = Ids.New();
        var liveId = Ids.New();
        var nextId = Ids.New();
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.Hour), TimeSpan.Zero);

        var events = new List<DirectoryEvent>
        {
            new ProgramCreated(programId, "Customer Discovery Academy", "Twelve weeks of practice in discovery calls, with peer feedback from your cohort.", admin),
            new CohortCreated(cohortId, programId, "Autumn 2026 cohort", admin),
        };
        events.AddRange(Accounts.Where(a => a.Role != "admin")
            .Select(a => new MemberAdded(cohortId, users[a.Email], Enum.Parse<CohortRole>(a.Role), admin)));
        events.Add(new RoundtableScheduled(liveId, cohortId, "Week 1: Opening roundtable", today, 90, admin));
        events.Add(new RoundtableScheduled(nextId, cohortId, "Week 2: Discovery call practice", today.AddDays(7), 90, admin));
        await writer.WriteAsync(() => DirectoryDecision.Accept(events.ToArray()), cancellationToken);

        // The first roundtable is open now, so a newcomer can walk straight in.
        var coach = new Actor(users["coach@roundtable.local"], "Cora Coach", RoomRole.Coach);
        await rooms.ExecuteAsync(liveId, coach, new StartRoundtable(), cancellationToken: cancellationToken);

        PrintAccounts();
    }

    // Printed, not logged: these are the demo's published sign-in details, and logs never carry secrets.
    private void PrintAccounts()
    {
        Console.WriteLine();
        Console.WriteLine("Seeded the demo cohort. Sign in with any of these (password: " + options.Value.DemoPassword + "):");
        foreach (var a in Accounts)
        {
            Console.WriteLine($"  {a.Email,-28} {a.DisplayName,-14} {a.Role}");
        }
        Console.WriteLine();
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Seeding the demo data failed")]
    private partial void LogSeedFailed(Exception ex);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Demo data not seeded: {Reason}")]
    private partial void LogSeedSkipped(string reason);
}

public static class SeedingSetup
{
    public static WebApplicationBuilder AddDemoSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        return builder;
    }
}
