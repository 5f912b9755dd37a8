using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Setting a program up in the browser: the programs page, a cohort's set-up page and inviting people from a CSV file.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SetupPagesTests(BrowserFixture fixture)
{
    private const string PreviewCaption = "What each row of the file will do";

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>Twenty people: two managers (who report to the demo manager) and eighteen learners reporting to them.</summary>
    private static string People(string tag, string badEmail = "", string badRole = "")
    {
        var lines = new StringBuilder("email,name,role,manager_email\r\n");
        lines.Append($"boss1-{tag}@example.org,Boss One {tag},manager,manager@roundtable.local\r\n");
        lines.Append($"boss2-{tag}@example.org,Boss Two {tag},Manager,manager@roundtable.local\r\n");
        for (var i = 1; i <= 18; i++)
        {
            var email = i == 3 && badEmail != "" ? badEmail : $"learner{i}-{tag}@example.org";
            var role = i == 7 && badRole != "" ? badRole : "learner";
            lines.Append($"{email},Learner {i} {tag},{role},boss{(i % 2) + 1}-{tag}@example.org\r\n");
        }
        return lines.ToString();
    }

    private static FilePayload Csv(string text) => new() { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    private static async Task<JsonElement> GetAsync(IBrowserContext context, string path)
    {
        var response = await context.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"GET {path} answered {response.Status}.");
        return (await response.JsonAsync())!.Value;
    }

    [Fact]
    public async Task AnAdminSetsUpAProgramAndCohortAndImportsTwentyPeopleFromACsvFile()
    {
        var context = await fixture.SignedInContextAsync("admin@roundtable.local");
        try
        {
            var page = await context.NewPageAsync();
            var tag = Token();
            var programName = $"Leading teams {tag}";
            var cohortName = $"Spring {tag}";

            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Programs", Exact = true }).ClickAsync();
            await page.Locator("#create-form").GetByLabel("Program name").FillAsync(programName);
            await page.GetByLabel("Description (optional)").FillAsync("For managers new to leading a team");
            await Button(page, "Create program").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Program: {programName}");

            await Button(page, "Add agenda item").ClickAsync();
            await Expect(page.GetByLabel("Topic 1", new() { Exact = true })).ToBeFocusedAsync();
            await page.GetByLabel("Topic 1", new() { Exact = true }).FillAsync("Check-in");
            await page.GetByLabel("Minutes for topic 1").FillAsync("10");
            await Button(page, "Add agenda item").ClickAsync();
            await page.GetByLabel("Topic 2", new() { Exact = true }).FillAsync("Practice round");
            await page.GetByLabel("Minutes for topic 2").FillAsync("30");
            await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Try it at work");
            await page.GetByLabel("Instructions (Markdown)").FillAsync("Plan one conversation with your team.");
            await page.GetByLabel("Days until due").FillAsync("7");
            await Button(page, "Save template").ClickAsync();
            await Expect(page.Locator("#programs-status")).ToHaveTextAsync("Template saved. Cohorts created from now on copy it.");

            await page.GetByLabel("Cohort name").FillAsync(cohortName);
            await page.GetByLabel("Start date").FillAsync("2027-03-01");
            await page.GetByLabel("End date").FillAsync("2027-05-28");
            await Button(page, "Create cohort").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = $"Set up {cohortName}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Set up {cohortName}");
            await Expect(page.GetByLabel("Start date")).ToHaveValueAsync("2027-03-01");
            var cohortId = new Uri(page.Url).Query.Split("cohort=")[1];
            var template = await GetAsync(context, $"/api/cohorts/{cohortId}/template");
            Assert.Equal(2, template.GetProperty("agendaItems").GetArrayLength());

            // Two bad rows: both errors shown, nothing written.
            await page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(Csv(People(tag, badEmail: $"bob-at-{tag}.example.org", badRole: "wizard")));
            await Button(page, "Preview").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("2 of 20 rows have errors. Nothing has been imported: fix the file and preview it again.");
            var preview = page.GetByRole(AriaRole.Table, new() { Name = PreviewCaption });
            await Expect(preview).ToContainTextAsync($"Error: 'bob-at-{tag}.example.org' is not a valid email address.");
            await Expect(preview).ToContainTextAsync("Error: 'wizard' is not a role: use learner, coach, manager or observer.");
            await Expect(preview.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(20);
            await Expect(Button(page, "Import")).ToBeHiddenAsync();
            Assert.Equal(0, (await GetAsync(context, $"/api/cohorts/{cohortId}/members")).GetArrayLength());
            var users = await GetAsync(context, "/api/users");
            Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("email").GetString()!.Contains(tag));

            // Fixed: twenty people imported with their roles and managers.
            var fixedFile = People(tag);
            await page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(Csv(fixedFile));
            await Button(page, "Preview").ClickAsync();
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync("20 rows, no errors: 20 new invitations, 20 managers set. Nothing is written until you import.");
            await Expect(page.Locator("#setup-error")).ToBeEmptyAsync();
            await Button(page, "Import").ClickAsync();
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync("Imported: 20 invited, 0 added, 0 roles changed, 20 managers set.");
            var table = page.GetByRole(AriaRole.Table, new() { Name = "Members" });
            await Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(20);
            var members = (await GetAsync(context, $"/api/cohorts/{cohortId}/members")).EnumerateArray().ToList();
            Assert.Equal(20, members.Count);
            string IdOf(string name) => members.Single(m => m.GetProperty("displayName").GetString() == name).GetProperty("userId").GetString()!;
            await Expect(page.GetByLabel($"Role of Boss One {tag}")).ToHaveValueAsync("Manager");
            await Expect(page.GetByLabel($"Role of Learner 3 {tag}")).ToHaveValueAsync("Learner");
            await Expect(page.GetByLabel($"Manager of Learner 3 {tag}")).ToHaveValueAsync(IdOf($"Boss Two {tag}"));
            await Expect(page.GetByLabel($"Manager of Learner 4 {tag}")).ToHaveValueAsync(IdOf($"Boss One {tag}"));
            await Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = $"Learner 3 {tag} (invited)" })).ToBeVisibleAsync();
            Assert.Equal(18, members.Count(m => m.GetProperty("role").GetString() == "Learner"));

            // The same file again changes nothing.
            await page.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(Csv(fixedFile));
            await Button(page, "Preview").ClickAsync();
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync("20 rows, no errors: 20 unchanged. Nothing is written until you import.");
            await Button(page, "Import").ClickAsync();
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync("Imported: every row was already in place, nothing changed.");
            Assert.Equal(20, (await GetAsync(context, $"/api/cohorts/{cohortId}/members")).GetArrayLength());
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>
    /// A cohort made from a template uses it: its roundtable opens with the template's agenda, the coach's feedback form
    /// has the template's rubric chosen, and the assignment form is filled with its planning exercise.
    /// </summary>
    [Fact]
    public async Task ACohortsRoomsAndPlansStartFromItsTemplate()
    {
        var admin = await fixture.SignedInContextAsync("admin@roundtable.local");
        var pages = new List<IPage>();
        try
        {
            var tag = Token();
            async Task<JsonElement> Send(string method, string path, object body)
            {
                var response = await admin.APIRequest.FetchAsync(path, new() { Method = method, DataObject = body });
                Assert.True(response.Ok, $"{method} {path} answered {response.Status}: {await response.TextAsync()}");
                return (await response.JsonAsync())!.Value;
            }
            var programId = (await Send("POST", "/api/programs", new { name = $"Templated {tag}" })).GetProperty("id").GetString();
            object Rubric(string name) => new
            {
                name, description = "",
                criteria = new[] { new { name = "Clarity", description = "", levels = new[] { "Not yet", "Getting there", "Strong" }, weight = 1 } },
                prompts = Array.Empty<object>(),
            };
            await Send("POST", $"/api/programs/{programId}/rubrics", Rubric("Alpha rubric"));
            var zeta = (await Send("POST", $"/api/programs/{programId}/rubrics", Rubric("Zeta rubric"))).GetProperty("rubric").GetProperty("rubricId").GetString();
            await Send("PUT", $"/api/programs/{programId}/template", new
            {
                agendaItems = new[] { new { topic = $"Check-in {tag}", minutes = 10 } },
                rubricId = zeta,
                exercise = new { title = $"Try it at work {tag}", instructions = "Plan one conversation with your team.", daysUntilDue = 7 },
            });
            var cohortName = $"Templated cohort {tag}";
            var cohortId = (await Send("POST", $"/api/programs/{programId}/cohorts", new { name = cohortName })).GetProperty("id").GetString();
            var users = await GetAsync(admin, "/api/users");
            string UserId(string email) => users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
            await Send("PUT", $"/api/cohorts/{cohortId}/members/{UserId("coach@roundtable.local")}", new { role = "Coach" });
            await Send("PUT", $"/api/cohorts/{cohortId}/members/{UserId("lena@roundtable.local")}", new { role = "Learner" });
            var title = $"Templated session {tag}";
            var roomId = (await Send("POST", $"/api/cohorts/{cohortId}/roundtables", new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 }))
                .GetProperty("id").GetString();

            var coach = await (await fixture.SignedInContextAsync("coach@roundtable.local")).NewPageAsync();
            pages.Add(coach);
            await coach.GotoAsync($"/room.html?id={roomId}");
            await Expect(Connection(coach)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(coach, "Agenda");
            var agenda = coach.GetByRole(AriaRole.List, new() { Name = "Agenda" });
            await Expect(agenda.GetByText($"Check-in {tag}")).ToBeVisibleAsync();
            await Button(coach, "Start roundtable").ClickAsync();
            var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
            pages.Add(lena);
            var presenter = coach.GetByLabel("Presenter", new() { Exact = true });
            await Expect(presenter.Locator("option", new() { HasText = "Lena Learner" })).ToHaveCountAsync(1);
            await presenter.SelectOptionAsync(new SelectOptionValue { Label = "Lena Learner" });
            await Button(coach, "Add presentation slot").ClickAsync();
            await Button(coach, "Start presentation: Lena Learner").ClickAsync();
            await RoomUi.OpenTabAsync(coach, "Feedback");
            var rubric = coach.GetByRole(AriaRole.Region, new() { Name = "Feedback", Exact = true }).GetByLabel("Rubric", new() { Exact = true });
            await Expect(rubric.Locator("option")).ToHaveCountAsync(2);
            await Expect(rubric).ToHaveValueAsync(zeta!);

            await coach.GotoAsync("/plans.html");
            await coach.GetByLabel("Cohort", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = cohortName });
            await Expect(coach.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync($"Try it at work {tag}");
            await Expect(coach.GetByLabel("Prompt (Markdown)")).ToHaveValueAsync("Plan one conversation with your team.");
            await Expect(coach.GetByLabel("Due", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("T17:00$"));
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
            await admin.CloseAsync();
        }
    }

    [Fact]
    public async Task ACoachSetsUpTheirCohortWithTheKeyboard()
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local");
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = $"Set up {DemoCohortName}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Set up {DemoCohortName}");
            // Coaches appoint no coaches.
            await Expect(page.GetByLabel("Role", new() { Exact = true }).Locator("option")).ToHaveTextAsync(["learner", "manager", "observer"]);

            var name = $"Olive Observer {Token()}";
            var email = $"olive-{Token()}@example.org";
            // The forms are shown once the members have loaded too; a hidden field cannot take focus.
            await Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeVisibleAsync();
            await page.GetByLabel("Email", new() { Exact = true }).FocusAsync();
            await page.Keyboard.TypeAsync(email);
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(name);
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Role", new() { Exact = true })).ToBeFocusedAsync();
            await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("observer");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("manager@roundtable.local");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync($"{email}: New to Roundtable: invited, and added as observer; reports to manager@roundtable.local.");
            await Expect(page.GetByLabel($"Role of {name}")).ToHaveValueAsync("Observer");

            // A mistake is announced beside its field.
            await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not-an-email");
            await page.GetByLabel("Email", new() { Exact = true }).PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The invitation needs fixing.");
            await Expect(page.Locator("#invite-email-error")).ToHaveTextAsync("'not-an-email' is not a valid email address.");
            await Expect(page.GetByLabel("Email", new() { Exact = true })).ToBeFocusedAsync();

            // Role and manager changed with the keyboard: the control, then its button.
            var role = page.GetByLabel($"Role of {name}");
            await role.FocusAsync();
            await role.SelectOptionAsync("Learner");
            await page.Keyboard.PressAsync("Tab");
            await Expect(Button(page, $"Save role for {name}")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync($"{name} is now learner.");
            await page.GetByLabel($"Manager of {name}").SelectOptionAsync(new SelectOptionValue { Label = "Liam Learner" });
            await Button(page, $"Save manager for {name}").PressAsync("Enter");
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync($"{name} now reports to Liam Learner.");

            await Button(page, $"Remove {name}").PressAsync("Enter");
            await Expect(page.Locator("#setup-status")).ToHaveTextAsync($"{name} was removed from the cohort.");
            await Expect(page.GetByLabel($"Role of {name}")).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
