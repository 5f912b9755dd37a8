using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Server.Notifications;
using Roundtable.Server.Plans;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>Planning exercises end to end over HTTP and the notifications hub, on the real server.</summary>
public sealed class PlansTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // A deadline, not a wait: generous, for a busy two-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RoundtableFactory Server => fixture.Server;

    private static async Task<PlanDetailDto> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PlanDetailDto>(Json.Options))!;
    }

    private static async Task<PlanStatus> CoachSeesAsync(HttpClient coach, PlanScene scene, string exerciseId, string learnerId)
    {
        var table = await coach.GetFromJsonAsync<ExerciseStatusDto[]>($"/api/cohorts/{scene.CohortId}/plan-exercises", Json.Options);
        return Assert.Single(Assert.Single(table!, x => x.Exercise.Id == exerciseId).Learners, l => l.LearnerId == learnerId).Status;
    }

    /// <summary>The manager's notifications hub; the next notification whose text contains <paramref name="expected"/>.</summary>
    private async Task<(HubConnection Connection, Task<NotificationDto> Next)> ListenAsync(string email, string expected)
    {
        var connection = RoomClient.Build(Server, await Server.TokenAsync(email), NotificationsHub.Path);
        var arrived = new TaskCompletionSource<NotificationDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<NotificationDto>(nameof(INotificationsClient.NotificationArrived), n =>
        {
            if (n.Text.Contains(expected, StringComparison.Ordinal))
            {
                arrived.TrySetResult(n);
            }
        });
        await connection.StartAsync();
        return (connection, arrived.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task ALearnerPlansReflectsAndRevisesWhileTheirManagerIsNotifiedLiveAndTheCoachSeesEachStatus()
    {
        var scene = await PlanScene.CreateAsync(Server);
        var exerciseId = await scene.AssignAsync(Server, learnerIds: [scene.Ana, scene.Bo]);
        using var coach = await Server.ClientAsAsync(scene.CyEmail);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var mo = await Server.ClientAsAsync(scene.MoEmail);
        var path = PlanScene.PlanPath(exerciseId, scene.Ana);

        // Assigned: Ana is told, and sees it among her exercises.
        var anaInbox = await ana.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
        var assigned = Assert.Single(anaInbox!.Items, n => n.Kind == "exercise-assigned");
        Assert.Contains("Plan your next discovery call", assigned.Text);
        Assert.Equal(PlanStatus.NotStarted, Assert.Single(await ana.GetFromJsonAsync<PlanSummaryDto[]>("/api/my-plans", Json.Options) ?? []).Plan.Status);
        Assert.Equal(PlanStatus.NotStarted, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));

        // The plan: Mo hears of it live.
        var (listening, planNotice) = await ListenAsync(scene.MoEmail, "wrote a plan");
        await using (listening)
        {
            var planned = await OkAsync(await ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 0, markdown = "Call **Jonas** on Tuesday." }));
            Assert.Equal(PlanStatus.Planned, planned.Plan.Status);
            var notice = await planNotice;
            Assert.Matches("^Ana [0-9a-f]{8} wrote a plan for “Plan your next discovery call”.$", notice.Text);
            Assert.Equal(PlanProjection.PlanLink(exerciseId, scene.Ana), notice.Link);
        }
        Assert.Equal(PlanStatus.Planned, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));
        var moReports = await mo.GetFromJsonAsync<PlanSummaryDto[]>("/api/my-reports/plans", Json.Options);
        Assert.Equal(scene.Ana, Assert.Single(moReports!).Plan.LearnerId);

        // Mo asks for a revision; Ana is told.
        var asked = await OkAsync(await mo.PostAsJsonAsync($"{path}/feedback", new { baseVersion = 1, markdown = "Add what you will ask *first*.", requestRevision = true }));
        Assert.Equal(PlanStatus.RevisionRequested, asked.Plan.Status);
        Assert.True(asked.MayGiveFeedback);
        Assert.False(asked.MayWrite);
        Assert.Equal(PlanStatus.RevisionRequested, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));
        Assert.Contains((await ana.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options))!.Items,
            n => n.Kind == "feedback-given" && n.Text.Contains("asks you to revise"));

        // Ana revises, then writes how it went; Mo hears of both.
        var (listeningAgain, reflectionNotice) = await ListenAsync(scene.MoEmail, "went");
        await using (listeningAgain)
        {
            var revised = await OkAsync(await ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 2, markdown = "Call **Jonas** on Tuesday; open with his worst week." }));
            Assert.Equal(PlanStatus.Planned, revised.Plan.Status);
            var done = await OkAsync(await ana.PutAsJsonAsync($"{path}/reflection", new { baseVersion = 3, markdown = "He talked for 20 minutes about late changes." }));
            Assert.Equal(PlanStatus.Done, done.Plan.Status);
            Assert.Contains("wrote how", (await reflectionNotice).Text);
        }
        Assert.Equal(PlanStatus.Done, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));

        // Mo reviews: done.
        var reviewed = await OkAsync(await mo.PostAsJsonAsync($"{path}/feedback", new { baseVersion = 4, markdown = "Good call.", requestRevision = false }));
        Assert.Equal(PlanStatus.Reviewed, reviewed.Plan.Status);
        Assert.Equal(PlanStatus.Reviewed, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));
        Assert.Equal(PlanStatus.NotStarted, await CoachSeesAsync(coach, scene, exerciseId, scene.Bo));

        // Every version is kept and readable, numbered per kind.
        var detail = await ana.GetFromJsonAsync<PlanDetailDto>(path, Json.Options);
        Assert.Equal(
            [(PlanEntryKind.Plan, 1), (PlanEntryKind.Feedback, 1), (PlanEntryKind.Plan, 2), (PlanEntryKind.Reflection, 1), (PlanEntryKind.Feedback, 2)],
            detail!.Entries.Select(e => (e.Kind, e.Number)));
        Assert.Equal("Call **Jonas** on Tuesday.", detail.Entries[0].Markdown);
        Assert.Equal("<p>Call <strong>Jonas</strong> on Tuesday.</p>", detail.Entries[0].Html);
        Assert.True(detail.Entries[1].RevisionRequested);

        // The dashboard counts it done.
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var row = await admin.GetFromJsonAsync<LearnerRow>($"/api/cohorts/{scene.CohortId}/learners/{scene.Ana}/progress", Json.Options);
        Assert.Equal((1, 1, 0), (row!.PlansAssigned, row.PlansDone, row.PlansOverdue));
    }

    [Fact]
    public async Task ALearnerWithNoManagerGetsFeedbackFromTheCohortsCoachWhoIsNotifiedAndThePlanSaysWhoReviews()
    {
        var scene = await PlanScene.CreateAsync(Server);
        var kaiEmail = $"kai-{Guid.NewGuid():N}@example.com";
        var kai = await Server.NewUserAsync(kaiEmail, scene.CohortId, displayName: "Kai Nomanager");
        var exerciseId = await scene.AssignAsync(Server, learnerIds: [kai, scene.Ana]);
        using var kaiClient = await Server.ClientAsAsync(kaiEmail);
        using var coach = await Server.ClientAsAsync(scene.CyEmail);
        var kaisPlan = PlanScene.PlanPath(exerciseId, kai);

        var (listening, notified) = await ListenAsync(scene.CyEmail, "Kai Nomanager wrote a plan");
        await using (listening)
        {
            var written = await OkAsync(await kaiClient.PutAsJsonAsync($"{kaisPlan}/plan", new { baseVersion = 0, markdown = "Ask Jonas first." }));
            Assert.Equal($"the cohort's coaches: Cy {scene.CyEmail.Split('-', '@')[1]}", written.Reviewers);
            Assert.False(written.MayGiveFeedback);
            Assert.Contains("no manager", (await notified).Text);
        }

        // The coach reviews Kai's plan; the learner hears of it.
        var seen = await OkAsync(await coach.GetAsync(kaisPlan));
        Assert.True(seen.MayGiveFeedback);
        var reviewed = await OkAsync(await coach.PostAsJsonAsync($"{kaisPlan}/feedback", new { baseVersion = seen.Plan.Version, markdown = "Good start.", requestRevision = false }));
        Assert.Contains(reviewed.Entries, e => e.Kind == PlanEntryKind.Feedback && e.Markdown == "Good start.");
        var inbox = await kaiClient.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
        Assert.Contains(inbox!.Items, n => n.Text.Contains("gave feedback", StringComparison.Ordinal));

        // Ana has a manager: her plan is his to review, and the coach only reads it.
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        var anasPlan = PlanScene.PlanPath(exerciseId, scene.Ana);
        var anas = await OkAsync(await ana.PutAsJsonAsync($"{anasPlan}/plan", new { baseVersion = 0, markdown = "Ana's plan." }));
        Assert.EndsWith("(their manager)", anas.Reviewers);
        using var refused = await coach.PostAsJsonAsync($"{anasPlan}/feedback", new { baseVersion = anas.Plan.Version, markdown = "Mine?", requestRevision = false });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("(their manager)", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ManagersAreNotifiedOnTheirHomePageAndMarkNotificationsRead()
    {
        var scene = await PlanScene.CreateAsync(Server);
        var exerciseId = await scene.AssignAsync(Server);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var nia = await Server.ClientAsAsync(scene.NiaEmail);
        await OkAsync(await bo.PutAsJsonAsync($"{PlanScene.PlanPath(exerciseId, scene.Bo)}/plan", new { baseVersion = 0, markdown = "My plan" }));

        var inbox = await nia.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
        Assert.Equal(1, inbox!.Unread);
        var notice = Assert.Single(inbox.Items);
        using var marked = await nia.PostAsync($"/api/notifications/{notice.Id}/read", null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var after = await nia.GetFromJsonAsync<NotificationsDto>("/api/notifications", Json.Options);
        Assert.Equal(0, after!.Unread);
        Assert.True(Assert.Single(after.Items).Read);
        // Nobody else can mark it, or learn that it exists.
        using var other = await bo.PostAsync($"/api/notifications/{notice.Id}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task BadInputIsRefusedWithAClearProblemAndStoresNothing()
    {
        var scene = await PlanScene.CreateAsync(Server);
        var exerciseId = await scene.AssignAsync(Server, learnerIds: [scene.Ana]);
        using var coach = await Server.ClientAsAsync(scene.CyEmail);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var mo = await Server.ClientAsAsync(scene.MoEmail);
        var path = PlanScene.PlanPath(exerciseId, scene.Ana);
        var log = Server.Get<IEventLog>();
        var assignPath = $"/api/cohorts/{scene.CohortId}/plan-exercises";
        var due = DateTimeOffset.UtcNow.AddDays(3);
        var tooBig = new string('x', PlanLimits.MaxPlanBytes + 1);

        var cases = new (string What, Func<Task<HttpResponseMessage>> Call, HttpStatusCode Status, string Detail)[]
        {
            ("oversized plan", () => ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 0, markdown = tooBig }), HttpStatusCode.BadRequest, "the limit is 32 KB"),
            ("empty plan", () => ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 0, markdown = "  " }), HttpStatusCode.BadRequest, "cannot be empty"),
            ("no base version", () => ana.PutAsJsonAsync($"{path}/plan", new { markdown = "plan" }), HttpStatusCode.BadRequest, "Give the version"),
            ("malformed JSON", () => ana.PutAsync($"{path}/plan", new StringContent("{\"markdown\": ", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, ""),
            ("stale base version", () => ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 3, markdown = "plan" }), HttpStatusCode.Conflict, "since you opened it"),
            ("reflection before the plan", () => ana.PutAsJsonAsync($"{path}/reflection", new { baseVersion = 0, markdown = "went" }), HttpStatusCode.Conflict, "Write the plan first"),
            ("feedback before the plan", () => mo.PostAsJsonAsync($"{path}/feedback", new { baseVersion = 0, markdown = "hm" }), HttpStatusCode.Conflict, "no plan"),
            ("unknown exercise", () => ana.PutAsJsonAsync($"{PlanScene.PlanPath("nosuchexercise", scene.Ana)}/plan", new { baseVersion = 0, markdown = "plan" }), HttpStatusCode.NotFound, ""),
            ("not assigned", () => ana.GetAsync(PlanScene.PlanPath(exerciseId, scene.Bo)), HttpStatusCode.NotFound, ""),
            ("learner assigns", () => ana.PostAsJsonAsync(assignPath, new { title = "t", promptMarkdown = "p", dueAt = due }), HttpStatusCode.Forbidden, "coaches and admins"),
            ("coach writes the plan", () => coach.PutAsJsonAsync($"{path}/plan", new { baseVersion = 0, markdown = "plan" }), HttpStatusCode.Forbidden, "writes their plan"),
            ("empty title", () => coach.PostAsJsonAsync(assignPath, new { title = " ", promptMarkdown = "p", dueAt = due }), HttpStatusCode.BadRequest, ""),
            ("past due date", () => coach.PostAsJsonAsync(assignPath, new { title = "t", promptMarkdown = "p", dueAt = DateTimeOffset.UtcNow.AddDays(-1) }), HttpStatusCode.BadRequest, ""),
            ("oversized prompt", () => coach.PostAsJsonAsync(assignPath, new { title = "t", promptMarkdown = new string('p', PlanLimits.MaxPromptBytes + 1), dueAt = due }), HttpStatusCode.BadRequest, ""),
            ("stranger as learner", () => coach.PostAsJsonAsync(assignPath, new { title = "t", promptMarkdown = "p", dueAt = due, learnerIds = new[] { scene.Ola } }), HttpStatusCode.BadRequest, ""),
            ("roundtable of another cohort", () => coach.PostAsJsonAsync(assignPath, new { title = "t", promptMarkdown = "p", dueAt = due, roundtableId = "nosuchroundtable" }), HttpStatusCode.BadRequest, ""),
        };
        var before = await log.GetHeadPositionAsync();
        foreach (var (what, call, status, detail) in cases)
        {
            using var response = await call();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{what}: expected {(int)status}, got {(int)response.StatusCode} {body}");
            Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString() ?? "");
            Assert.Contains(detail, body);
        }
        Assert.Equal(before, await log.GetHeadPositionAsync());
        Assert.Equal(0, (await ana.GetFromJsonAsync<PlanDetailDto>(path, Json.Options))!.Plan.Version);
    }

    [Fact]
    public async Task MarkdownIsStoredAsWrittenAndServedSanitised()
    {
        var scene = await PlanScene.CreateAsync(Server);
        var exerciseId = await scene.AssignAsync(Server, learnerIds: [scene.Ana]);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        const string Text = "<script>alert(1)</script> [call](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**";

        var saved = await OkAsync(await ana.PutAsJsonAsync($"{PlanScene.PlanPath(exerciseId, scene.Ana)}/plan", new { baseVersion = 0, markdown = Text }));

        var entry = Assert.Single(saved.Entries);
        Assert.Equal(Text, entry.Markdown);
        var html = new HtmlParser().ParseFragment(entry.Html, new HtmlParser().ParseDocument("").Body!);
        var elements = html.SelectMany(n => n is AngleSharp.Dom.IElement e ? e.QuerySelectorAll("*").Prepend(e) : []).ToList();
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img");
        Assert.DoesNotContain(elements, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal) || a.Value.Contains("javascript:", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(elements, e => e.LocalName == "strong");
    }

    [Fact]
    public async Task ExercisesPastTheirDueDateWithoutAReflectionAreOverdueAndFlaggedOnTheDashboard()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var scene = await PlanScene.CreateAsync(server);
        var exerciseId = await scene.AssignAsync(server, dueAt: clock.GetUtcNow().AddMinutes(10), learnerIds: [scene.Ana, scene.Bo], title: "Follow-up call");
        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        var path = PlanScene.PlanPath(exerciseId, scene.Ana);
        await OkAsync(await ana.PutAsJsonAsync($"{path}/plan", new { baseVersion = 0, markdown = "plan" }));
        await OkAsync(await ana.PutAsJsonAsync($"{path}/reflection", new { baseVersion = 1, markdown = "went" }));

        using var coach = await server.ClientAsAsync(scene.CyEmail);
        using var boClient = await server.ClientAsAsync(scene.BoEmail);

        // Not far: every periodic timer of the server fires once per period passed.
        clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(PlanStatus.Done, await CoachSeesAsync(coach, scene, exerciseId, scene.Ana));
        Assert.Equal(PlanStatus.Overdue, await CoachSeesAsync(coach, scene, exerciseId, scene.Bo));
        var dashboard = await coach.GetFromJsonAsync<CohortDashboard>($"/api/cohorts/{scene.CohortId}/dashboard", Json.Options);
        var bo = Assert.Single(dashboard!.Learners, l => l.UserId == scene.Bo);
        Assert.Equal((1, 0, 1), (bo.PlansAssigned, bo.PlansDone, bo.PlansOverdue));
        Assert.StartsWith("Planning exercise “Follow-up call” was due", Assert.Single(bo.Flags, f => f.Code == "plan-overdue").Explanation);
        Assert.DoesNotContain(Assert.Single(dashboard.Learners, l => l.UserId == scene.Ana).Flags, f => f.Code == "plan-overdue");

        // Overdue: the learner can still write; a late reflection makes it done.
        var boPath = PlanScene.PlanPath(exerciseId, scene.Bo);
        Assert.Equal(PlanStatus.Overdue, (await OkAsync(await boClient.PutAsJsonAsync($"{boPath}/plan", new { baseVersion = 0, markdown = "late plan" }))).Plan.Status);
        Assert.Equal(PlanStatus.Done, (await OkAsync(await boClient.PutAsJsonAsync($"{boPath}/reflection", new { baseVersion = 1, markdown = "went" }))).Plan.Status);
    }
}
