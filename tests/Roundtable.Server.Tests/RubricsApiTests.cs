using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Core.Directory;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Feedback;
using Roundtable.Server.Seeding;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

public sealed class RubricsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string SeededProgramName = "Customer Discovery Academy";

    private RoundtableFactory Server => fixture.Server;

    private static object Criterion(string name, string? id = null, double weight = 1) =>
        new { id, name, description = $"About {name}", levels = new[] { "Not yet", "Getting there", "Strong" }, weight };

    private static object Draft(string name, params object[] criteria) =>
        new { name, description = "For practice pitches", criteria, prompts = new[] { new { text = "What worked?" } } };

    private static async Task<string> ProgramIdAsync(RoundtableFactory server, string name = SeededProgramName)
    {
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programs = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        return Assert.Single(programs!, p => p.Name == name).Id;
    }

    private static async Task<RubricDto> CreateAsync(RoundtableFactory server, string email, string programId, object draft)
    {
        using var client = await server.ClientAsAsync(email);
        using var response = await client.PostAsJsonAsync($"/api/programs/{programId}/rubrics", draft);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<RubricDto>(Json.Options))!;
        Assert.Equal(new Uri($"/api/rubrics/{created.Rubric.RubricId}", UriKind.Relative), response.Headers.Location);
        return created;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static string Describe<T>(T value) => JsonSerializer.Serialize(value, Json.Options);

    [Fact]
    public async Task ACoachCreatesARubricThatEveryMemberOfTheProgramCanRead()
    {
        var programId = await ProgramIdAsync(Server);
        var name = $"Pitch rubric {Guid.NewGuid():N}";

        var created = await CreateAsync(Server, RoundtableFactory.CoachEmail, programId,
            Draft(name, Criterion("Clarity", weight: 2), Criterion("Evidence & examples")));

        Assert.Equal((1, programId, name, "Cora Coach"), (created.Rubric.Version, created.Rubric.ProgramId, created.Rubric.Name, created.SavedByName));
        Assert.Equal(["clarity", "evidence-examples"], created.Rubric.Criteria.Select(c => c.Id));
        Assert.Equal((2.0, 3), (created.Rubric.Criteria[0].Weight, created.Rubric.Criteria[0].MaxScore));
        Assert.Equal("What worked?", Assert.Single(created.Rubric.Prompts).Text);
        Assert.Equal([1], created.Versions);
        foreach (var email in new[] { RoundtableFactory.LenaEmail, RoundtableFactory.ManagerEmail, RoundtableFactory.AdminEmail })
        {
            using var client = await Server.ClientAsAsync(email);
            var listed = await client.GetFromJsonAsync<RubricDto[]>($"/api/programs/{programId}/rubrics", Json.Options);
            Assert.Equal(Describe(created), Describe(Assert.Single(listed!, r => r.Rubric.RubricId == created.Rubric.RubricId)));
            Assert.Equal(Describe(created), Describe(await client.GetFromJsonAsync<RubricDto>($"/api/rubrics/{created.Rubric.RubricId}", Json.Options)));
        }
    }

    [Fact]
    public async Task RevisingSavesVersionTwoAndVersionOneStaysAsItWas()
    {
        var programId = await ProgramIdAsync(Server);
        var v1 = await CreateAsync(Server, RoundtableFactory.CoachEmail, programId, Draft("Demo day", Criterion("Clarity"), Criterion("Delivery")));
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);

        using var response = await coach.PutAsJsonAsync($"/api/rubrics/{v1.Rubric.RubricId}", new
        {
            name = "Demo day rubric",
            description = "Revised",
            criteria = new[] { Criterion("Delivery and pace", id: "delivery"), Criterion("Clear message", id: "clarity"), Criterion("Structure") },
            prompts = Array.Empty<object>(),
            expectedVersion = 1,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var v2 = (await response.Content.ReadFromJsonAsync<RubricDto>(Json.Options))!;
        Assert.Equal((2, "Demo day rubric", v1.Rubric.ProgramId), (v2.Rubric.Version, v2.Rubric.Name, v2.Rubric.ProgramId));
        Assert.Equal(["delivery", "clarity", "structure"], v2.Rubric.Criteria.Select(c => c.Id));
        Assert.Empty(v2.Rubric.Prompts);
        Assert.Equal([1, 2], v2.Versions);

        var latest = await coach.GetFromJsonAsync<RubricDto>($"/api/rubrics/{v1.Rubric.RubricId}", Json.Options);
        Assert.Equal(Describe(v2), Describe(latest));
        var first = await coach.GetFromJsonAsync<RubricDto>($"/api/rubrics/{v1.Rubric.RubricId}/versions/1", Json.Options);
        Assert.Equal(Describe(v1 with { Versions = [1, 2] }), Describe(first));
        var listed = await coach.GetFromJsonAsync<RubricDto[]>($"/api/programs/{programId}/rubrics", Json.Options);
        Assert.Equal(2, Assert.Single(listed!, r => r.Rubric.RubricId == v1.Rubric.RubricId).Rubric.Version);
    }

    [Fact]
    public async Task SavingOverAVersionSomeoneElseSavedMeanwhileIsAConflict()
    {
        var programId = await ProgramIdAsync(Server);
        var v1 = await CreateAsync(Server, RoundtableFactory.CoachEmail, programId, Draft("Contested", Criterion("Clarity")));
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var first = await admin.PutAsJsonAsync($"/api/rubrics/{v1.Rubric.RubricId}", new { name = "Admin's edit", criteria = new[] { Criterion("Clarity") }, expectedVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await coach.PutAsJsonAsync($"/api/rubrics/{v1.Rubric.RubricId}", new { name = "Coach's edit", criteria = new[] { Criterion("Clarity") }, expectedVersion = 1 });

        var problem = await ProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Contains("version 2", problem.GetProperty("detail").GetString());
        var latest = await coach.GetFromJsonAsync<RubricDto>($"/api/rubrics/{v1.Rubric.RubricId}", Json.Options);
        Assert.Equal((2, "Admin's edit"), (latest!.Rubric.Version, latest.Rubric.Name));

        // Without an expected version, the save simply becomes the next version.
        using var blind = await coach.PutAsJsonAsync($"/api/rubrics/{v1.Rubric.RubricId}", new { name = "Coach's edit", criteria = new[] { Criterion("Clarity") } });
        Assert.Equal(3, (await blind.Content.ReadFromJsonAsync<RubricDto>(Json.Options))!.Rubric.Version);
    }

    [Fact]
    public async Task AnInvalidRubricIsABadRequestWithAnErrorForEachField()
    {
        var programId = await ProgramIdAsync(Server);
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var before = (await coach.GetFromJsonAsync<RubricDto[]>($"/api/programs/{programId}/rubrics", Json.Options))!.Length;
        var invalid = new
        {
            name = " ",
            criteria = new object[]
            {
                new { name = "Clarity", levels = new[] { "Only one" }, weight = 1 },
                new { name = "", levels = new[] { "Low", "High" }, weight = 0 },
            },
            prompts = new[] { new { text = "" } },
        };

        using var created = await coach.PostAsJsonAsync($"/api/programs/{programId}/rubrics", invalid);

        var problem = await ProblemAsync(created, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["criteria[0].levels", "criteria[1].name", "criteria[1].weight", "name", "prompts[0].text"], fields);
        Assert.All(problem.GetProperty("errors").EnumerateObject(), p => Assert.False(string.IsNullOrWhiteSpace(p.Value[0].GetString())));
        Assert.Equal(before, (await coach.GetFromJsonAsync<RubricDto[]>($"/api/programs/{programId}/rubrics", Json.Options))!.Length);

        var saved = await CreateAsync(Server, RoundtableFactory.CoachEmail, programId, Draft("Valid first", Criterion("Clarity")));
        using var revised = await coach.PutAsJsonAsync($"/api/rubrics/{saved.Rubric.RubricId}", new { name = "Still valid", criteria = Array.Empty<object>(), expectedVersion = 1 });
        var revisionProblem = await ProblemAsync(revised, HttpStatusCode.BadRequest);
        Assert.True(revisionProblem.GetProperty("errors").TryGetProperty("criteria", out _));
        Assert.Equal([1], (await coach.GetFromJsonAsync<RubricDto>($"/api/rubrics/{saved.Rubric.RubricId}", Json.Options))!.Versions);
    }

    [Fact]
    public async Task AdminsAndCoachesWriteMembersReadAndOutsidersSeeNothing()
    {
        var programId = await ProgramIdAsync(Server);
        var saved = await CreateAsync(Server, RoundtableFactory.AdminEmail, programId, Draft("Access table", Criterion("Clarity")));
        var outsider = $"outsider-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(outsider);

        // Caller, then what they get: read, create, revise.
        (string Email, HttpStatusCode Read, HttpStatusCode Create, HttpStatusCode Revise)[] table =
        [
            (RoundtableFactory.AdminEmail, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            (RoundtableFactory.CoachEmail, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK),
            (RoundtableFactory.LiamEmail, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (RoundtableFactory.ManagerEmail, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
            (outsider, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
        ];
        foreach (var (email, read, create, revise) in table)
        {
            using var client = await Server.ClientAsAsync(email);
            foreach (var path in new[] { $"/api/programs/{programId}/rubrics", $"/api/rubrics/{saved.Rubric.RubricId}", $"/api/rubrics/{saved.Rubric.RubricId}/versions/1" })
            {
                using var response = await client.GetAsync(path);
                Assert.True(read == response.StatusCode, $"GET {path} as {email}: {response.StatusCode}");
            }
            using var created = await client.PostAsJsonAsync($"/api/programs/{programId}/rubrics", Draft("By " + email, Criterion("Clarity")));
            Assert.True(create == created.StatusCode, $"POST as {email}: {created.StatusCode}");
            using var revised = await client.PutAsJsonAsync($"/api/rubrics/{saved.Rubric.RubricId}", Draft("Revised by " + email, Criterion("Clarity")));
            Assert.True(revise == revised.StatusCode, $"PUT as {email}: {revised.StatusCode}");
            if (revise != HttpStatusCode.OK)
            {
                await ProblemAsync(created, create);
                await ProblemAsync(revised, revise);
            }
        }

        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var latest = await admin.GetFromJsonAsync<RubricDto>($"/api/rubrics/{saved.Rubric.RubricId}", Json.Options);
        Assert.Equal((3, $"Revised by {RoundtableFactory.CoachEmail}"), (latest!.Rubric.Version, latest.Rubric.Name));
    }

    [Fact]
    public async Task AProgramsRubricsAreForItsOwnCohortsOnly()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = (await (await admin.PostAsJsonAsync("/api/programs", new { name = $"Other {Guid.NewGuid():N}" })).Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!;
        var cohort = (await (await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Other cohort" })).Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var otherCoach = $"other-coach-{Guid.NewGuid():N}@example.com";
        await Server.NewUserAsync(otherCoach, cohort.Id, CohortRole.Coach);
        var theirs = await CreateAsync(Server, otherCoach, program.Id, Draft("Theirs", Criterion("Clarity")));

        // The seeded cohort's coach coaches elsewhere: to them this program's rubric does not exist.
        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync($"/api/rubrics/{theirs.Rubric.RubricId}")).StatusCode);
        using var revised = await coach.PutAsJsonAsync($"/api/rubrics/{theirs.Rubric.RubricId}", Draft("Mine now", Criterion("Clarity")));
        await ProblemAsync(revised, HttpStatusCode.NotFound);
        using var other = await Server.ClientAsAsync(otherCoach);
        var seeded = await ProgramIdAsync(Server);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/programs/{seeded}/rubrics")).StatusCode);
    }

    [Fact]
    public async Task UnknownProgramsRubricsAndVersionsAreNotFound()
    {
        var programId = await ProgramIdAsync(Server);
        var saved = await CreateAsync(Server, RoundtableFactory.CoachEmail, programId, Draft("Known", Criterion("Clarity")));
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var missing = Guid.NewGuid().ToString("N");

        await ProblemAsync(await admin.GetAsync($"/api/programs/{missing}/rubrics"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PostAsJsonAsync($"/api/programs/{missing}/rubrics", Draft("Nowhere", Criterion("Clarity"))), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync($"/api/rubrics/{missing}"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PutAsJsonAsync($"/api/rubrics/{missing}", Draft("Nowhere", Criterion("Clarity"))), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync($"/api/rubrics/{missing}/versions/1"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync($"/api/rubrics/{saved.Rubric.RubricId}/versions/2"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.GetAsync($"/api/rubrics/{saved.Rubric.RubricId}:1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheDemoProgramHasAPresentationRubricSavedByTheCoach()
    {
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        var rubrics = await lena.GetFromJsonAsync<RubricDto[]>($"/api/programs/{await ProgramIdAsync(Server)}/rubrics", Json.Options);

        var saved = Assert.Single(rubrics!, r => r.Rubric.Name == DemoSeeder.PresentationRubric.Name);
        Assert.Equal((1, "Cora Coach"), (saved.Rubric.Version, saved.SavedByName));
        Assert.Equal(["Clarity", "Structure", "Evidence & examples", "Audience engagement", "Delivery"], saved.Rubric.Criteria.Select(c => c.Name));
        Assert.Equal(new[] { 2.0, 1, 1, 1, 1 }, saved.Rubric.Criteria.Select(c => c.Weight));
        Assert.All(saved.Rubric.Criteria, c =>
        {
            Assert.Equal(5, c.MaxScore);
            Assert.Equal(5, c.Levels.Distinct().Count());
            Assert.False(string.IsNullOrWhiteSpace(c.Description));
        });
        Assert.Equal(["What worked?", "One thing to improve"], saved.Rubric.Prompts.Select(p => p.Text));
    }

    [Fact]
    public async Task RubricVersionsRebuiltFromTheLogAloneMatchTheOriginals()
    {
        var dataDirectory = RoundtableFactory.NewDataDirectory();
        try
        {
            string before;
            string rubricId;
            await using (var first = await new RoundtableFactory(dataDirectory).StartAsync())
            {
                var saved = await CreateAsync(first, RoundtableFactory.CoachEmail, await ProgramIdAsync(first), Draft("Kept", Criterion("Clarity")));
                rubricId = saved.Rubric.RubricId;
                using var coach = await first.ClientAsAsync(RoundtableFactory.CoachEmail);
                using var revised = await coach.PutAsJsonAsync($"/api/rubrics/{rubricId}", Draft("Kept, revised", Criterion("Clarity"), Criterion("Delivery")));
                Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
                before = await DescribeRubricAsync(first, rubricId);
            }

            using (var db = new RoundtableDb(Path.Combine(dataDirectory, "roundtable.db")))
            {
                Assert.Equal(3, db.RubricVersions.Count());
                db.RubricVersions.DeleteAll();
                db.Checkpoints.DeleteAll();
            }

            await using var second = await new RoundtableFactory(dataDirectory).StartAsync();
            Assert.Equal(before, await DescribeRubricAsync(second, rubricId));
            Assert.Contains("Kept, revised", before);
        }
        finally
        {
            RoundtableFactory.TryDelete(dataDirectory);
        }
    }

    private static async Task<string> DescribeRubricAsync(RoundtableFactory server, string rubricId)
    {
        using var coach = await server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var versions = new List<string>();
        foreach (var version in new[] { 1, 2 })
        {
            versions.Add(await coach.GetStringAsync($"/api/rubrics/{rubricId}/versions/{version}"));
        }
        versions.Add(await coach.GetStringAsync($"/api/programs/{await ProgramIdAsync(server)}/rubrics"));
        return string.Join("\n", versions);
    }
}
