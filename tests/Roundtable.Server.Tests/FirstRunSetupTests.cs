using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Server.Accounts;
using Roundtable.Server.Setup;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>
/// A deployment (Production) starts with no account anyone knows the password of: no demo unless asked for, and then
/// never with the published password; the first admin comes from first-run set-up with a one-time token.
/// </summary>
public sealed class FirstRunSetupTests
{
    private const string Production = "Production";
    private const string ConfiguredToken = "a-set-up-token-chosen-by-the-operator";

    [Fact]
    public async Task ProductionStartCreatesNoAccountAndOpensSetup()
    {
        await using var server = await new RoundtableFactory(environment: Production).StartAsync();

        Assert.Equal(0, server.Get<RoundtableDb>().Users.Count());
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(server, RoundtableFactory.AdminEmail, RoundtableFactory.DemoPassword));
        Assert.True(await SetupOpenAsync(server));
        var printed = await WaitForIssuedTokenAsync(server);
        Assert.True(printed.Length >= 40, "A printed token carries at least 128 random bits.");
    }

    [Fact]
    public async Task ProductionDemoAskedForGetsARandomPasswordNeverThePublishedOne()
    {
        // Even when the published password is configured on purpose, outside Development it is not used.
        await using var server = await new RoundtableFactory(environment: Production, settings: new Dictionary<string, string>
        {
            ["Seed:DemoData"] = "true",
            ["Seed:DemoPassword"] = RoundtableFactory.DemoPassword,
        }).StartAsync();

        Assert.NotNull(server.Get<AccountService>().FindByEmail(RoundtableFactory.AdminEmail));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(server, RoundtableFactory.AdminEmail, RoundtableFactory.DemoPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(server, RoundtableFactory.LenaEmail, RoundtableFactory.DemoPassword));
        // The demo has its admin, so there is nothing to set up.
        Assert.False(await SetupOpenAsync(server));
    }

    [Fact]
    public async Task ProductionDemoWithAChosenPasswordUsesThatPassword()
    {
        await using var server = await new RoundtableFactory(environment: Production, settings: new Dictionary<string, string>
        {
            ["Seed:DemoData"] = "true",
            ["Seed:DemoPassword"] = "a password chosen for this demo",
        }).StartAsync();

        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(server, RoundtableFactory.CoachEmail, "a password chosen for this demo"));
    }

    [Fact]
    public async Task DevelopmentSeedsTheDemoWithThePublishedPassword()
    {
        await using var server = await new RoundtableFactory().StartAsync();

        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(server, RoundtableFactory.AdminEmail, RoundtableFactory.DemoPassword));
        Assert.False(await SetupOpenAsync(server));
        Assert.Null(server.Get<FirstRunSetup>().IssuedToken);
    }

    [Fact]
    public async Task ConfiguredTokenCreatesTheFirstAdminOnceAndNeverAgain()
    {
        await using var server = await new RoundtableFactory(environment: Production, settings: new Dictionary<string, string>
        {
            ["Setup:AdminToken"] = ConfiguredToken,
        }).StartAsync();
        using var http = server.CreateClient();

        using (var wrong = await PostSetupAsync(http, "not-the-token-at-all-no", "first@example.org"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.Contains("token", (await ProblemAsync(wrong)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        }
        using (var weak = await PostSetupAsync(http, ConfiguredToken, "first@example.org", password: "short"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        }
        Assert.True(await SetupOpenAsync(server));

        using (var created = await PostSetupAsync(http, ConfiguredToken, "first@example.org"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var admin = server.ClientWithToken(await server.IssueTokenAsync("first@example.org", "lantern orchard mosaic"));
        var me = await admin.GetFromJsonAsync<UserDto>("/api/me", Json.Options);
        Assert.True(me!.IsAdmin);
        // The admin can do what admins do.
        using (var program = await admin.PostAsJsonAsync("/api/programs", new { name = "First program" }))
        {
            Assert.Equal(HttpStatusCode.Created, program.StatusCode);
        }

        Assert.False(await SetupOpenAsync(server));
        using var again = await PostSetupAsync(http, ConfiguredToken, "second@example.org");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Null(server.Get<AccountService>().FindByEmail("second@example.org"));
    }

    [Fact]
    public async Task PrintedTokenWorksAndRacingRequestsCreateOneAdmin()
    {
        await using var server = await new RoundtableFactory(environment: Production).StartAsync();
        var token = await WaitForIssuedTokenAsync(server);

        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            using var http = server.CreateClient();
            using var response = await PostSetupAsync(http, token, $"racer{i}@example.org");
            return response.StatusCode;
        });
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(s => s == HttpStatusCode.Created));
        Assert.All(outcomes.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Single(server.Get<RoundtableDb>().Users.Find(u => u.IsAdmin));
    }

    [Fact]
    public async Task SetupIsClosedWhereTheDemoHasAnAdmin()
    {
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string> { ["Setup:AdminToken"] = ConfiguredToken }).StartAsync();
        using var http = server.CreateClient();

        using var response = await PostSetupAsync(http, ConfiguredToken, "intruder@example.org");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Null(server.Get<AccountService>().FindByEmail("intruder@example.org"));
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(HttpClient http, string token, string email, string password = "lantern orchard mosaic") =>
        await http.PostAsJsonAsync("/api/setup", new { token, email, displayName = "First Admin", password });

    private static async Task<bool> SetupOpenAsync(RoundtableFactory server)
    {
        using var http = server.CreateClient();
        var status = await http.GetFromJsonAsync<SetupStatus>("/api/setup", Json.Options);
        return status!.Open;
    }

    private static async Task<HttpStatusCode> TokenStatusAsync(RoundtableFactory server, string email, string password)
    {
        using var http = server.CreateClient();
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password });
        return response.StatusCode;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The token the node printed at start (it does so once the start-up seed has been decided).</summary>
    private static async Task<string> WaitForIssuedTokenAsync(RoundtableFactory server)
    {
        var setup = server.Get<FirstRunSetup>();
        await Eventually.UntilAsync(() => setup.IssuedToken is not null, "the node printed its set-up token", TimeSpan.FromSeconds(30));
        return setup.IssuedToken!;
    }
}
