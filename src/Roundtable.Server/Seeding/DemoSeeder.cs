using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Plans;
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

    /// <summary>The password the README publishes for the demo accounts: used in the Development environment only.</summary>
    public const string PublishedDemoPassword = "roundtable-demo";

    /// <summary>
    /// Create the demo program, cohort, roundtables and accounts when the log is empty. Unset: only in the Development
    /// environment (which <c>dotnet run</c> uses), so a deployment never gets accounts it did not ask for.
    /// </summary>
    public bool? DemoData { get; set; }

    /// <summary>
    /// The password every demo account gets. Unset: the published one in Development, elsewhere a random one made for
    /// this install and printed once. The published one is never used outside Development.
    /// </summary>
    public string? DemoPassword { get; set; }

    public bool SeedsDemo(IHostEnvironment environment) => DemoData ?? environment.IsDevelopment();
}

public sealed record DemoAccount(string Email, string DisplayName, string Role);

/// <summary>
/// On the first start with an empty log, writes a demo program (with a presentation rubric) through the same commands
/// the API uses, so there is something to see. Runs once per deployment: the directory's expected version makes a second seeder lose.
/// </summary>
public sealed partial class DemoSeeder(
    IEventLog log,
    Projector projector,
    AccountService accounts,
    DirectoryWriter writer,
    EventStreamWriter streams,
    RoomCommandRunner rooms,
    AsyncPresentations.AsyncPresentationWriter asyncPresentations,
    MarkdownRenderer markdown,
    IOptions<SeedOptions> options,
    IHostEnvironment environment,
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

    /// <summary>Completes once seeding has finished or was not needed.</summary>
    public Task Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!projector.IsReady)
            {
                await Task.Delay(50, stoppingToken);
            }
            if (options.Value.SeedsDemo(environment) && await log.GetStreamVersionAsync(StreamNames.Directory, stoppingToken) == 0)
            {
                await SeedAsync(DemoPassword(), stoppingToken);
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

    /// <summary>
    /// The published password only in Development: anywhere else a demo asked for by setting gets the configured password
    /// or, by default, a random one, so an install reachable by others never has accounts with a password the README gives away.
    /// </summary>
    private string DemoPassword()
    {
        var configured = options.Value.DemoPassword;
        if (environment.IsDevelopment())
        {
            return string.IsNullOrEmpty(configured) ? SeedOptions.PublishedDemoPassword : configured;
        }
        if (configured == SeedOptions.PublishedDemoPassword)
        {
            LogPublishedPasswordRefused(environment.EnvironmentName);
        }
        else if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
    }

    private async Task SeedAsync(string password, CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, string>();
        foreach (var account in Accounts)
        {
            var (user, problem) = await accounts.RegisterAsync(account.Email, account.DisplayName, password, account.Role == "admin", cancellationToken);
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
        // The learners report to the demo manager at work.
        events.AddRange(Accounts.Where(a => a.Role == "Learner").Select(a => new ManagerSet(users[a.Email], users["manager@roundtable.local"], admin)));
        var pastIds = new[] { Ids.New(), Ids.New() };
        events.Add(new RoundtableScheduled(pastIds[0], cohortId, "Orientation: meet your cohort", today.AddDays(-14), 60, admin));
        events.Add(new RoundtableScheduled(pastIds[1], cohortId, "Practice round: elevator pitches", today.AddDays(-7), 60, admin));
        events.Add(new RoundtableScheduled(liveId, cohortId, "Week 1: Opening roundtable", today, 90, admin));
        events.Add(new RoundtableScheduled(nextId, cohortId, "Week 2: Discovery call practice", today.AddDays(7), 90, admin));
        var rubric = Saved(PresentationRubric, programId);
        events.Add(new RubricSaved(rubric, users["coach@roundtable.local"]));
        events.AddRange(DemoProfiles(users));
        await writer.WriteAsync(() => DirectoryDecision.Accept(events.ToArray()), cancellationToken);

        // The first roundtable is open now, so a newcomer can walk straight in.
        var coach = new Actor(users["coach@roundtable.local"], "Cora Coach", RoomRole.Coach);
        Actor Learner(string email) => new(users[email], Accounts.Single(a => a.Email == email).DisplayName, RoomRole.Learner);
        try
        {
            await SeedPastSessionsAsync(pastIds, today, coach, Learner("lena@roundtable.local"), Learner("liam@roundtable.local"), Learner("noor@roundtable.local"), rubric, cancellationToken);
        }
        finally
        {
            (time as DemoClock)?.Reset();
        }
        await SeedCalibrationRoundAsync(cohortId, coach.UserId, users, rubric, today, cancellationToken);
        await rooms.ExecuteAsync(liveId, coach, new StartRoundtable(), cancellationToken: cancellationToken);
        var learners = Accounts.Where(a => a.Role == "Learner").Select(a => users[a.Email]).ToList();
        await SeedPlanExerciseAsync(cohortId, pastIds[1], coach.UserId, users["manager@roundtable.local"], learners, today.AddDays(5), cancellationToken);

        PrintAccounts(password);
    }

    /// <summary>
    /// A planning exercise the coach set after the elevator-pitch round, due in five days, for every learner; Lena has
    /// written her plan (so her manager has a notification waiting), the others not yet. Nobody is overdue.
    /// </summary>
    private async Task SeedPlanExerciseAsync(
        string cohortId, string roundtableId, string coachId, string managerId, List<string> learnerIds, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        const string Prompt = "Plan your next customer discovery call using the pitch structure from today:\n\n"
            + "- whom you will call, and why them\n- the three questions you will open with\n- what you want to have learned by the end";
        const string Plan = "**Call:** Jonas at Brightwater Logistics, who asked about route planning last month.\n\n"
            + "1. What does a bad week look like for your dispatchers?\n2. How do you plan routes today?\n3. What have you tried that did not stick?\n\n"
            + "I want to learn whether late changes, not the first plan, are what costs them time.";
        var exerciseId = Ids.New();
        await StartStreamAsync(StreamNames.PlanExercises(cohortId),
            new PlanExerciseAssigned(exerciseId, cohortId, roundtableId, "Plan your next discovery call", Prompt, markdown.Render(Prompt), dueAt, learnerIds, coachId),
            cancellationToken);
        var lena = learnerIds[0];
        await StartStreamAsync(StreamNames.Plan(exerciseId, lena), new PlanWritten(exerciseId, lena, Plan, markdown.Render(Plan), managerId), cancellationToken);
    }

    /// <summary>Puts the first event on a stream the seed has just made up (waiting until the read models have it).</summary>
    private Task StartStreamAsync(string stream, DomainEvent first, CancellationToken cancellationToken) =>
        streams.ExecuteAsync(FoldedStream.VersionOnly(stream), version => version == 0 ? StreamDecision.Append(true, first) : StreamDecision.Nothing(false),
            new StreamWriteOptions { ReadYourWrite = true }, cancellationToken);

    /// <summary>The demo program's rubric for rating presentations, saved by the coach.</summary>
    /// <summary>
    /// Two earlier roundtables, played through the rooms' own commands, so the dashboard and the presentations page
    /// have something to show: Lena presents twice (better the second time) and Liam once; Noor gives feedback but
    /// never speaks; Theo missed both.
    /// </summary>
    private async Task SeedPastSessionsAsync(string[] roomIds, DateTimeOffset today, Actor coach, Actor lena, Actor liam, Actor noor, Rubric rubric, CancellationToken cancellationToken)
    {
        async Task<CommandOutcome> Run(string roomId, Actor actor, RoomCommand command)
        {
            var outcome = await rooms.ExecuteAsync(roomId, actor, command, cancellationToken: cancellationToken);
            if (outcome.Decision.Rejection == Rejection.NotInRoom)
            {
                // These people have no connection, so the presence sweep may already have recorded them as gone.
                await rooms.ExecuteAsync(roomId, actor, new JoinRoom(), cancellationToken: cancellationToken);
                outcome = await rooms.ExecuteAsync(roomId, actor, command, cancellationToken: cancellationToken);
            }
            return outcome.Decision.Accepted ? outcome : throw new InvalidOperationException($"Demo seed: {command.GetType().Name} refused: {outcome.Decision.Reason}");
        }
        Dictionary<string, int> Scores(params int[] values) => rubric.Criteria.Select((c, i) => (c.Id, Score: values[i % values.Length])).ToDictionary(x => x.Id, x => x.Score);
        var worked = rubric.Prompts[0].Id;
        var improve = rubric.Prompts[^1].Id;

        async Task PresentAsync(string roomId, Actor presenter, (Actor Peer, int[] Scores, string Worked, string Improve)[] feedback, string reflection)
        {
            var slot = await Run(roomId, coach, new AddPresentationSlot(presenter.UserId, presenter.DisplayName, 5));
            var itemId = slot.Appended.Select(e => e.Event).OfType<AgendaItemAdded>().Single().ItemId;
            var started = await Run(roomId, coach, new StartPresentation(itemId));
            var presentationId = started.Appended.Select(e => e.Event).OfType<PresentationStarted>().Single().PresentationId;
            await Run(roomId, coach, new OpenFeedback(presentationId, rubric, FeedbackAnonymity.AnonymousToPresenter, null));
            long first = 0;
            foreach (var (peer, scores, good, better) in feedback)
            {
                var given = await Run(roomId, peer, new SubmitFeedback(presentationId, Scores(scores), new Dictionary<string, string> { [worked] = good, [improve] = better }));
                first = first == 0 ? given.Seq!.Value : first;
            }
            await Run(roomId, coach, new SubmitFeedback(presentationId, Scores(4), new Dictionary<string, string> { [improve] = "Keep the close as short as the opening." }));
            await Run(roomId, coach, new EndPresentation());
            await Run(roomId, coach, new CloseFeedback(presentationId));
            await Run(roomId, coach, new ReleaseFeedback(presentationId));
            await Run(roomId, presenter, new RateFeedback(presentationId, first, 3));
            await Run(roomId, presenter, new WriteReflection(presentationId, reflection));
        }

        var (orientation, pitches) = (roomIds[0], roomIds[1]);
        var (orientationStart, pitchesStart) = (today.AddDays(-14), today.AddDays(-7));
        At(orientationStart);
        await Run(orientation, coach, new StartRoundtable());
        At(orientationStart.AddMinutes(1));
        foreach (var actor in new[] { coach, lena, liam, noor })
        {
            await Run(orientation, actor, new JoinRoom());
        }
        At(orientationStart.AddMinutes(4));
        await Run(orientation, coach, new PostMessage("Welcome! Tell us in one line what you hope to get from the academy.", null));
        await Run(orientation, lena, new PostMessage("Running discovery calls that feel like conversations, not interviews.", null));
        await Run(orientation, liam, new PostMessage("Asking better follow-up questions.", null));
        await Run(orientation, liam, new RaiseHand());
        var poll = await Run(orientation, coach, new OpenPoll("How many discovery calls do you run in a week?", ["None yet", "1-3", "4 or more"], false, false));
        foreach (var (actor, choice) in new[] { (lena, 1), (liam, 2), (noor, 0) })
        {
            await Run(orientation, actor, new VoteInPoll(poll.Seq!.Value, [choice]));
        }
        await Run(orientation, coach, new ClosePoll(poll.Seq!.Value));
        await SeedOrientationQuestionsAsync(orientation, Run, coach, lena, liam);
        At(orientationStart.AddMinutes(20));
        await PresentAsync(orientation, lena,
            [(liam, [3, 3, 2, 3, 3], "A clear opening question.", "Bring one real example from a call."),
             (noor, [3, 2, 2, 3, 3], "Good energy.", "The middle part wandered; signpost it.")],
            "I packed too much into the middle. Next time: one example, told well.");
        At(orientationStart.AddMinutes(58));
        await Run(orientation, coach, new EndRoundtable());
        await Run(orientation, lena, new RateSession(4, "Good start, and the rubric helps."));
        await Run(orientation, liam, new RateSession(5, null));

        At(pitchesStart);
        await Run(pitches, coach, new StartRoundtable());
        At(pitchesStart.AddMinutes(2));
        foreach (var actor in new[] { coach, lena, liam, noor })
        {
            await Run(pitches, actor, new JoinRoom());
        }
        At(pitchesStart.AddMinutes(5));
        await Run(pitches, liam, new PostMessage("Can we time the pitches strictly this week?", null));
        await Run(pitches, lena, new PostMessage("Yes please, it keeps us honest.", null));
        await PresentAsync(pitches, lena,
            [(liam, [4, 4, 4, 4, 3], "The customer story made the point.", "Slow down at the numbers."),
             (noor, [4, 4, 3, 4, 4], "Much tighter than last week.", "End with the ask.")],
            "One example, told well, worked. The numbers still need a slower pace.");
        At(pitchesStart.AddMinutes(35));
        await PresentAsync(pitches, liam,
            [(lena, [3, 4, 3, 3, 3], "Well structured.", "Look up from your notes more.")],
            "Eye contact: practise the first minute without notes.");
        At(pitchesStart.AddMinutes(57));
        await Run(pitches, coach, new EndRoundtable());
        await Run(pitches, lena, new RateSession(4, "The strict timing helped."));
        await Run(pitches, liam, new RateSession(3, "A bit rushed at the end."));
    }

    /// <summary>The demo clock reads as this moment (where the node runs on it; otherwise the seed keeps the present time).</summary>
    private void At(DateTimeOffset moment)
    {
        if (time is DemoClock clock)
        {
            clock.Set(moment);
        }
    }

    public static readonly RubricDraft PresentationRubric = new(
        "Presentation rubric",
        "For the presentations learners give in roundtables: rate each criterion from 1 to 5, then answer the two prompts.",
        [
            new CriterionDraft(null, "Clarity", "Is the main message easy to grasp and to remember?",
            [
                "The main point is hard to find; listeners are left unsure what was meant.",
                "A main point is there, but it gets lost in jargon or side tracks.",
                "The main point is clear, though some parts need a second listen.",
                "Clear throughout, in plain words, with only small lapses.",
                "Crisp and memorable: anyone could repeat the main point afterwards.",
            ], 2),
            new CriterionDraft(null, "Structure", "Does the talk have an opening, a middle and a close that lead somewhere?",
            [
                "No visible order; ideas jump from one to another.",
                "Some order, but the opening or the close is missing.",
                "A recognisable opening, body and close; the transitions are rough.",
                "Well ordered, with signposts and smooth transitions.",
                "The structure carries the argument: every part earns its place and the close lands the point.",
            ], 1),
            new CriterionDraft(null, "Evidence & examples", "Are claims backed by figures, stories or examples that fit the audience?",
            [
                "Claims stand alone, with no support.",
                "Some support, but vague, generic or beside the point.",
                "Most claims are backed by a relevant example or figure.",
                "Specific, well-chosen evidence for every key claim.",
                "Vivid, credible evidence that makes the case and stays with the audience.",
            ], 1),
            new CriterionDraft(null, "Audience engagement", "Does the speaker connect with the listeners and hold their attention?",
            [
                "Speaks at the audience; attention drifts away.",
                "Occasional attempts to connect; mostly reads or talks to the slides.",
                "Holds attention for most of the talk, with eye contact or a question.",
                "Involves the audience with questions, stories or interaction; attention stays high.",
                "The room is with the speaker throughout: people respond, ask and discuss.",
            ], 1),
            new CriterionDraft(null, "Delivery", "Voice, pace, body language and use of the time.",
            [
                "Hard to hear or to follow; far over or under time.",
                "Monotone, rushed or hesitant; noticeably off time.",
                "Audible and steady, with some filler words or nervous habits; roughly on time.",
                "Confident voice and pace, natural gestures; on time.",
                "Assured and expressive: pace and pauses used for effect, finishing right on time.",
            ], 1),
        ],
        [new PromptDraft(null, "What worked?"), new PromptDraft(null, "One thing to improve")]);

    private static Rubric Saved(RubricDraft draft, string programId) =>
        RubricRules.Validate(draft, Ids.New(), 1, programId).Rubric
        ?? throw new InvalidOperationException("The demo rubric does not pass RubricRules.");

    // Printed once on standard output, not logged: logs are kept and shipped, and never carry secrets.
    private void PrintAccounts(string password)
    {
        if (!environment.IsDevelopment())
        {
            LogSeeded(environment.EnvironmentName);
        }
        Console.WriteLine();
        Console.WriteLine("Seeded the demo cohort. Sign in with any of these (password: " + password + "):");
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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Seed:DemoPassword is the published demo password, which is used in Development only; the demo accounts in {EnvironmentName} get a random one instead")]
    private partial void LogPublishedPasswordRefused(string environmentName);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "Seeded the demo accounts (admin included) in the {EnvironmentName} environment; their password is printed on standard output")]
    private partial void LogSeeded(string environmentName);
}

public static class SeedingSetup
{
    public static WebApplicationBuilder AddDemoSeeding(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection(SeedOptions.Section));
        builder.Services.AddSingleton<DemoSeeder>();
        var seed = builder.Configuration.GetSection(SeedOptions.Section).Get<SeedOptions>() ?? new SeedOptions();
        if (seed.SeedsDemo(builder.Environment))
        {
            // After storage's: the one clock of the node, so the demo's past roundtables can be written at their own times.
            builder.Services.AddSingleton<TimeProvider, DemoClock>();
        }
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        return builder;
    }
}
