using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The cohort dashboard, a roundtable's summary and a learner's own figures, after a known scene run over the real hub
/// with fresh learners in the demo cohort (other tests share the cohort, so exact figures are checked on these learners
/// only): Lena presents in two roundtables and Liam and Noor rate her; Liam posts three messages, Lena and Noor one each;
/// Theo, whose name starts like a spreadsheet formula, never comes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    private const string Coach = "coach@roundtable.local";

    private sealed record Learner(string Id, string Email, string Name);

    private sealed record Scene(string CohortId, string Token, Learner Lena, Learner Liam, Learner Noor, Learner Theo, string FirstTitle, string SecondTitle);

    // Built once for the class: its tests run one at a time against the one server.
    private static readonly SemaphoreSlim SceneLock = new(1, 1);
    private static Scene? _scene;

    private async Task<Scene> SceneAsync()
    {
        await SceneLock.WaitAsync();
        try
        {
            return _scene ??= await BuildSceneAsync();
        }
        finally
        {
            SceneLock.Release();
        }
    }

    private async Task<Scene> BuildSceneAsync()
    {
        using var coachHttp = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, programId) = await coachHttp.DemoCohortAsync();
        var token = BrowserFixture.Token();
        async Task<Learner> LearnerAsync(string mailbox, string name)
        {
            var email = $"{mailbox}-{token}@roundtable.local";
            return new Learner(await fixture.Server.NewLearnerAsync(cohortId, email, name), email, name);
        }
        var lena = await LearnerAsync("lena", $"Lena {token}");
        var liam = await LearnerAsync("liam", $"Liam {token}");
        var noor = await LearnerAsync("noor", $"Noor {token}");
        var theo = await LearnerAsync("theo", $"=Theo {token}");
        var rubricId = await coachHttp.ClarityEvidenceRubricAsync(programId, $"Dashboard rubric {token}");
        var scene = new Scene(cohortId, token, lena, liam, noor, theo, $"Dashboard one {token}", $"Dashboard two {token}");
        // Clarity and evidence from Liam, then Noor: means 2.5 and 4.5 (overall 3.5), then 4.5 and 4.5 (overall 4.5).
        await RunRoundtableAsync(coachHttp, scene, rubricId, scene.FirstTitle, [(2, 4), (3, 5)], chat: true);
        await RunRoundtableAsync(coachHttp, scene, rubricId, scene.SecondTitle, [(4, 4), (5, 5)], chat: false);
        return scene;
    }

    /// <summary>A roundtable with Lena, Liam and Noor in which Lena presents and the other two rate her; then it ends.</summary>
    private async Task RunRoundtableAsync(HttpClient coachHttp, Scene scene, string rubricId, string title, (int Clarity, int Evidence)[] scores, bool chat)
    {
        var roomId = await coachHttp.ScheduleAsync(scene.CohortId, title);
        await using var coach = await fixture.Server.JoinAsync(Coach, roomId);
        await using var lena = await fixture.Server.JoinAsync(scene.Lena.Email, roomId);
        await using var liam = await fixture.Server.JoinAsync(scene.Liam.Email, roomId);
        await using var noor = await fixture.Server.JoinAsync(scene.Noor.Email, roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);
        if (chat)
        {
            foreach (var (who, count) in new[] { (liam, 3), (lena, 1), (noor, 1) })
            {
                for (var i = 0; i < count; i++)
                {
                    await PostAsync(who, roomId, $"Point {i + 1}");
                }
            }
        }
        await coach.InvokeAsync("AddPresentationSlot", roomId, scene.Lena.Id, 5);
        await coach.InvokeAsync("StartPresentation", roomId, "item-1");
        await coach.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubricId, FeedbackAnonymity.AnonymousToPresenter, null));
        foreach (var (peer, (clarity, evidence)) in new[] { liam, noor }.Zip(scores))
        {
            await peer.InvokeAsync<JsonElement>("SubmitFeedback", roomId, new SubmitFeedbackRequest("presentation-1",
                new() { ["clarity"] = clarity, ["evidence"] = evidence }, new() { ["what-worked"] = "Clear story" }));
        }
        await coach.InvokeAsync("CloseFeedback", roomId, "presentation-1");
        await coach.InvokeAsync("EndRoundtable", roomId);
    }

    private static Task PostAsync(RoomClient connection, string roomId, string text) =>
        connection.InvokeAsync<JsonElement>("PostMessage", new PostMessageRequest(roomId, text, Guid.NewGuid().ToString("N")));

    private async Task<int> SessionsHeldAsync(string cohortId)
    {
        using var coach = await fixture.Server.HttpAsAsync(Coach);
        var dashboard = await coach.GetFromJsonAsync<JsonElement>($"/api/cohorts/{cohortId}/dashboard");
        return dashboard.GetProperty("sessionsHeld").GetInt32();
    }

    /// <summary>The coach on the dashboard, reached from the home page, with the table narrowed to the given name part.</summary>
    private async Task<IPage> CoachDashboardAsync(string filter)
    {
        // CSP bypassed only so the accessibility check can inject axe.
        var context = await fixture.SignedInContextAsync(Coach, new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Region, new() { Name = BrowserFixture.DemoCohortName })
            .GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{BrowserFixture.DemoCohortName}: dashboard", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Filter by name").FillAsync(filter);
        return page;
    }

    private static ILocator Glance(IPage page) => page.GetByRole(AriaRole.Table, new() { Name = "Learners of the cohort" });

    private static ILocator SortHeader(ILocator table, string label) =>
        table.GetByRole(AriaRole.Columnheader).Filter(new() { Has = table.Page.GetByRole(AriaRole.Button, new() { Name = label, Exact = true }) });

    private static ILocator RowOf(ILocator table, string name) =>
        table.GetByRole(AriaRole.Row).Filter(new() { Has = table.Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }) });

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static async Task<IReadOnlyList<string>> HeadersAsync(ILocator table) =>
        [.. (await table.GetByRole(AriaRole.Columnheader).AllInnerTextsAsync()).Select(h => Squash(h).TrimEnd('▲', '▼', ' '))];

    /// <summary>The row's cells as shown, its header first.</summary>
    private static async Task<IReadOnlyList<string>> CellsAsync(ILocator table, string name)
    {
        var row = RowOf(table, name);
        await Expect(row).ToHaveCountAsync(1);
        return [.. (await row.GetByRole(AriaRole.Rowheader).AllInnerTextsAsync()).Concat(await row.GetByRole(AriaRole.Cell).AllInnerTextsAsync()).Select(Squash)];
    }

    /// <summary>The row as shown: each column's header and the cell's text.</summary>
    private static async Task<Dictionary<string, string>> RowAsync(ILocator table, string name) =>
        (await HeadersAsync(table)).Zip(await CellsAsync(table, name)).ToDictionary(p => p.First, p => p.Second);

    private static async Task ExpectRowNamesAsync(ILocator table, params string[] names) =>
        await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(names);

    [Fact]
    public async Task OpenedWithoutACohortTheDashboardOpensOneTheCoachRunsAndTellsALearnerWhereTheirFiguresAre()
    {
        var coach = await fixture.SignedInContextAsync("coach@roundtable.local");
        var learner = await fixture.SignedInContextAsync("lena@roundtable.local", AccessibilityTests.Options(1280));
        try
        {
            // The coach runs the demo cohort (and, with other tests' cohorts, perhaps more: then they choose).
            var page = await coach.NewPageAsync();
            await page.GotoAsync("/dashboard.html");
            var demo = page.GetByRole(AriaRole.Link, new() { Name = BrowserFixture.DemoCohortName, Exact = true });
            var title = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            await Expect(title.Or(demo).First).ToBeVisibleAsync();
            if (await demo.IsVisibleAsync())
            {
                await Expect(page.GetByText("Choose the cohort whose dashboard to open:")).ToBeVisibleAsync();
                await demo.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
            }
            await Expect(title).ToHaveTextAsync($"{BrowserFixture.DemoCohortName}: dashboard");
            await Expect(page).ToHaveURLAsync(new Regex(@"/dashboard\.html\?cohort=[0-9a-f]+$"));
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();

            // A learner runs no cohort: told so, and where their own figures are.
            var own = await learner.NewPageAsync();
            await own.GotoAsync("/dashboard.html");
            await Expect(own.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Not allowed: the cohort dashboard is for the cohort's coaches and admins.");
            await Expect(own.GetByRole(AriaRole.Link, new() { Name = "My presentations" }).Last).ToHaveAttributeAsync("href", "/presentations.html");
            await Expect(own.GetByText("There is no such cohort")).ToHaveCountAsync(0);
            await AccessibilityTests.AssertNoViolationsAsync(own);
        }
        finally
        {
            await coach.CloseAsync();
            await learner.CloseAsync();
        }
    }

    [Fact]
    public async Task CoachSeesEachLearnersExactFiguresAndWhyTheyNeedAttention()
    {
        var scene = await SceneAsync();
        var held = await SessionsHeldAsync(scene.CohortId);
        var page = await CoachDashboardAsync(scene.Token);
        var table = Glance(page);
        await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(4);

        var lena = await RowAsync(table, scene.Lena.Name);
        Assert.Equal($"2 of {held}", lena["Attendance (sessions)"]);
        Assert.Equal("2", lena["Presentations"]);
        Assert.Equal("4.0", lena["Peer overall"]);
        Assert.Equal("1", lena["Messages"]);
        Assert.Equal("0", lena["Feedback given"]);
        Assert.Equal("None", lena["Flags"]);
        await Expect(RowOf(table, scene.Lena.Name).GetByRole(AriaRole.Img, new() { Name = "Peer overall by presentation, oldest first: 3.5, 4.5" })).ToBeVisibleAsync();

        var liam = await RowAsync(table, scene.Liam.Name);
        Assert.Equal($"2 of {held}", liam["Attendance (sessions)"]);
        Assert.Equal("0", liam["Presentations"]);
        Assert.Equal("—", liam["Peer overall"]);
        Assert.Equal("2", liam["Feedback given"]);
        Assert.Equal("3", liam["Messages"]);
        Assert.Equal("None", liam["Flags"]);

        var theo = await RowAsync(table, scene.Theo.Name);
        Assert.Equal($"0 of {held}", theo["Attendance (sessions)"]);
        Assert.Equal("0:00:00", theo["Time present"]);
        Assert.Equal("0", theo["Presentations"]);
        Assert.Equal("0", theo["Messages"]);
        Assert.StartsWith("Missed the last 2 sessions in a row:", theo["Flags"]);

        // Each criterion's mean over the four ratings Lena received, with their count.
        var byCriterion = await RowAsync(page.GetByRole(AriaRole.Table, new() { NameRegex = new("^Peer feedback received by criterion") }), scene.Lena.Name);
        Assert.Equal("3.5 (4)", byCriterion["Clarity"]);
        Assert.Equal("4.5 (4)", byCriterion["Evidence"]);

        var attention = page.GetByRole(AriaRole.Region, new() { Name = "Needs attention" });
        var theoItem = attention.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = scene.Theo.Name, Exact = true }) });
        await Expect(theoItem).ToContainTextAsync("Missed the last 2 sessions in a row");
        await Expect(attention).Not.ToContainTextAsync(scene.Lena.Name);

        // A learner's name leads to their presentations and figures.
        await Expect(table.GetByRole(AriaRole.Link, new() { Name = scene.Lena.Name, Exact = true }))
            .ToHaveAttributeAsync("href", $"/presentations.html?user={scene.Lena.Id}");
        await AccessibilityTests.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SortingByMouseOrKeyboardReordersRowsAndTheAttentionFilterNarrowsThem()
    {
        var scene = await SceneAsync();
        var page = await CoachDashboardAsync(scene.Token);
        var table = Glance(page);
        var messages = table.GetByRole(AriaRole.Button, new() { Name = "Messages", Exact = true });
        var messagesHeader = SortHeader(table, "Messages");

        await messages.ClickAsync();
        await Expect(messagesHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await ExpectRowNamesAsync(table, scene.Theo.Name, scene.Lena.Name, scene.Noor.Name, scene.Liam.Name);
        await messages.ClickAsync();
        await Expect(messagesHeader).ToHaveAttributeAsync("aria-sort", "descending");
        await ExpectRowNamesAsync(table, scene.Liam.Name, scene.Lena.Name, scene.Noor.Name, scene.Theo.Name);

        // By keyboard: from the filter, Tab to the Presentations header and press Enter, twice.
        await page.GetByLabel("Filter by name").FocusAsync();
        var presentations = table.GetByRole(AriaRole.Button, new() { Name = "Presentations", Exact = true });
        await BrowserFixture.TabUntilFocusedAsync(page, presentations);
        await page.Keyboard.PressAsync("Enter");
        await Expect(SortHeader(table, "Presentations")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(table.GetByRole(AriaRole.Rowheader).Last).ToHaveTextAsync(scene.Lena.Name);
        await Expect(presentations).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(SortHeader(table, "Presentations")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(table.GetByRole(AriaRole.Rowheader).First).ToHaveTextAsync(scene.Lena.Name);
        await Expect(messagesHeader).Not.ToHaveAttributeAsync("aria-sort", new Regex("."));

        await page.GetByLabel("Needs attention only").CheckAsync();
        await ExpectRowNamesAsync(table, scene.Theo.Name);
        await page.GetByLabel("Needs attention only").UncheckAsync();
        await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(4);
        await page.Context.CloseAsync();
    }

    /// <summary>RFC 4180: quoted cells with doubled quotes; CRLF between records.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',' || c == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                if (c == '\n')
                {
                    records.Add(record);
                    record = [];
                }
            }
            else if (c != '\r')
            {
                cell.Append(c);
            }
        }
        return records;
    }

    [Fact]
    public async Task CsvDownloadHoldsTheNumbersTheTableShowsWithFormulasDisarmed()
    {
        var scene = await SceneAsync();
        var page = await CoachDashboardAsync(scene.Token);
        var table = Glance(page);
        await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(4);

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download CSV (Learners of the cohort)" }).ClickAsync());
        Assert.Equal("autumn-2026-cohort-learners.csv", download.SuggestedFilename);
        var text = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF');
        var records = ParseCsv(text);

        Assert.Equal(await HeadersAsync(table), records[0]);
        Assert.Equal(5, records.Count);
        foreach (var learner in new[] { scene.Lena, scene.Liam, scene.Noor, scene.Theo })
        {
            var shown = await CellsAsync(table, learner.Name);
            // A cell a spreadsheet would run as a formula starts with a single quote.
            var exported = learner == scene.Theo ? "'" + learner.Name : learner.Name;
            var record = Assert.Single(records, r => r[0] == exported);
            Assert.Equal(shown.Skip(1), record.Skip(1).Select(Squash));
        }
        // The flag's explanation has commas: quoted.
        Assert.Contains("\"Missed the last 2 sessions in a row:", text);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SummaryShowsWhoCameAndThePeerAggregatePerCriterion()
    {
        var scene = await SceneAsync();
        var page = await CoachDashboardAsync(scene.Token);
        var sessions = page.GetByRole(AriaRole.Table, new() { Name = "Held sessions, oldest first" });
        await sessions.GetByRole(AriaRole.Link, new() { Name = scene.FirstTitle, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Summary: {scene.FirstTitle}", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("5 messages")).ToBeVisibleAsync();

        var attendance = page.GetByRole(AriaRole.Table, new() { NameRegex = new("^Attendance") });
        foreach (var learner in new[] { scene.Lena, scene.Liam, scene.Noor })
        {
            await Expect(attendance.GetByRole(AriaRole.Rowheader, new() { Name = learner.Name, Exact = true })).ToBeVisibleAsync();
        }
        await Expect(attendance).Not.ToContainTextAsync(scene.Theo.Name);

        var presentation = page.GetByRole(AriaRole.Region, new() { NameRegex = new($"^{Regex.Escape(scene.Lena.Name)} ·") });
        await Expect(presentation).ToContainTextAsync("Overall (weighted mean): 3.5 from 2 peers.");
        var criteria = presentation.GetByRole(AriaRole.Table);
        Assert.Equal(["Clarity", "2.5", "2"], await CellsAsync(criteria, "Clarity"));
        await Expect(RowOf(criteria, "Evidence")).ToContainTextAsync("4.5");
        await AccessibilityTests.AssertNoViolationsAsync(page);

        // The home page links every ended roundtable's summary too.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Summary of {scene.FirstTitle}", Exact = true }))
            .ToHaveAttributeAsync("href", new Regex(@"^/summary\.html\?id="));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LearnerSeesTheirOwnFiguresAtAGlanceWithoutFlags()
    {
        var scene = await SceneAsync();
        var held = await SessionsHeldAsync(scene.CohortId);
        var context = await fixture.SignedInContextAsync(scene.Lena.Email, new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/presentations.html");

        var glance = page.GetByRole(AriaRole.Region, new() { Name = "At a glance" })
            .GetByRole(AriaRole.Region, new() { Name = BrowserFixture.DemoCohortName });
        await Expect(glance).ToBeVisibleAsync();
        var terms = await glance.GetByRole(AriaRole.Term).AllInnerTextsAsync();
        var figures = terms.Zip(await glance.GetByRole(AriaRole.Definition).AllInnerTextsAsync()).ToDictionary(p => p.First, p => Squash(p.Second));
        Assert.Equal($"2 of {held}", figures["Attendance (sessions)"]);
        Assert.Equal("2", figures["Presentations"]);
        Assert.Equal("4.0", figures["Peer overall"]);
        Assert.Equal("0", figures["Feedback given"]);
        Assert.Equal("1", figures["Messages"]);
        Assert.DoesNotContain("Flags", terms);
        // The presentation history is still there.
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Peer feedback by presentation" }).GetByRole(AriaRole.Row)
            .Filter(new() { HasText = scene.SecondTitle })).ToContainTextAsync("4.5");

        await AccessibilityTests.AssertNoViolationsAsync(page);
        await context.CloseAsync();
    }

    [Fact]
    public async Task LearnerOpeningTheDashboardIsToldItIsNotAllowed()
    {
        using var coach = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, _) = await coach.DemoCohortAsync();
        var context = await fixture.SignedInContextAsync("liam@roundtable.local");
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?cohort={cohortId}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not allowed");
        await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);

        // Nor does their home page offer it.
        await page.GotoAsync("/");
        var cohort = page.GetByRole(AriaRole.Region, new() { Name = BrowserFixture.DemoCohortName });
        await Expect(cohort).ToBeVisibleAsync();
        await Expect(cohort.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true })).ToHaveCountAsync(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task ThresholdsFormShowsTheErrorBesideItsFieldAndSaves()
    {
        var page = await CoachDashboardAsync("");
        var missed = page.GetByLabel("Missed sessions in a row");
        await Expect(missed).ToHaveValueAsync(new Regex(@"^\d+$"));
        var original = await missed.InputValueAsync();

        await missed.FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save thresholds" }).ClickAsync();
        await Expect(missed).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(missed).ToHaveAccessibleDescriptionAsync(new Regex("Between 1 and 20"));
        await Expect(missed).ToBeFocusedAsync();

        await missed.FillAsync(original);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save thresholds" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Thresholds saved" })).ToBeVisibleAsync();
        await Expect(missed).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhileASessionIsLiveRowsRefreshInPlaceKeepingFocusAndItsEndClearsAnAnnouncedFlag()
    {
        using var coachHttp = await fixture.Server.HttpAsAsync(Coach);
        var (cohortId, _) = await coachHttp.DemoCohortAsync();
        var token = BrowserFixture.Token();
        var email = $"zoe-{token}@roundtable.local";
        var name = $"Zoe {token}";
        await fixture.Server.NewLearnerAsync(cohortId, email, name);
        var roomId = await coachHttp.ScheduleAsync(cohortId, $"Dashboard live {token}");
        await using var coach = await fixture.Server.JoinAsync(Coach, roomId);
        await coach.InvokeAsync("StartRoundtable", roomId);

        // Zoe has missed the last two sessions that ended; the live one is not missed yet.
        var page = await CoachDashboardAsync(token);
        var table = Glance(page);
        await Expect(RowOf(table, name)).ToContainTextAsync("Missed the last 2 sessions in a row");
        var messages = table.GetByRole(AriaRole.Button, new() { Name = "Messages", Exact = true });
        await messages.ClickAsync();
        await Expect(messages).ToBeFocusedAsync();

        await using var zoe = await fixture.Server.JoinAsync(email, roomId);
        await PostAsync(zoe, roomId, "Sorry I'm late");
        await PostAsync(zoe, roomId, "Catching up now");

        // While the session is live, her row follows what she does.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var row = await RowAsync(table, name);
        while (row["Messages"] != "2" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            row = await RowAsync(table, name);
        }
        Assert.Equal("2", row["Messages"]);
        Assert.StartsWith("1 of ", row["Attendance (sessions)"]);

        // Once it ends she has attended the latest session, and the page says the flag went away.
        await coach.InvokeAsync("EndRoundtable", roomId);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{name} no longer needs attention." })).ToHaveCountAsync(1);
        await Expect(RowOf(table, name)).Not.ToContainTextAsync("Missed");
        Assert.Equal("None", (await RowAsync(table, name))["Flags"]);
        // Filter, sort and focus survived the refreshes.
        await Expect(page.GetByLabel("Filter by name")).ToHaveValueAsync(token);
        await Expect(SortHeader(table, "Messages")).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(messages).ToBeFocusedAsync();

        await page.Context.CloseAsync();
    }
}
