using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;

namespace Roundtable.Server.Tests;

public sealed class AccountsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
    }

    /// <summary>The message of a 400 problem's error for <paramref name="field"/>.</summary>
    internal static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {body}");
        return messages[0].GetString()!;
    }

    [Fact]
    public async Task RegisteringAnswersAcceptedWithoutSigningInAndTheNewAccountThenSignsIn()
    {
        var email = NewEmail("New.Person");
        using var browser = Server.CreateClient();

        using var response = await browser.PostAsJsonAsync("/api/auth/register", new { email = "  " + email + " ", displayName = "New Person", password = "long-enough-password" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(RegistrationAccepted.Instance, await response.Content.ReadFromJsonAsync<RegistrationAccepted>(Json.Options));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var notYet = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, notYet.StatusCode);

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = email.ToUpperInvariant(), password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundtable=") && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var me = await browser.GetFromJsonAsync<UserDto>("/api/me", Json.Options);
        Assert.Equal((email.ToLowerInvariant(), "New Person", false), (me!.Email, me.DisplayName, me.IsAdmin));

        using var logout = await browser.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var afterLogout = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task RegisteringAnEmailThatHasAnAccountAnswersExactlyAsANewOneAndChangesNothing()
    {
        var email = NewEmail();
        using var first = await Server.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, displayName = "First", password = "long-enough-password" });
        using var fresh = await Server.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = NewEmail(), displayName = "Fresh Person", password = "another-fine-phrase" });

        using var again = await Server.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), displayName = "Second", password = "another-fine-phrase" });

        foreach (var response in new[] { first, fresh, again })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await response.Content.ReadAsStringAsync());
            Assert.Equal(first.Content.Headers.ContentType, response.Content.Headers.ContentType);
            Assert.Equal(
                first.Headers.Select(h => h.Key).Where(k => k != "Date").Order(),
                response.Headers.Select(h => h.Key).Where(k => k != "Date").Order());
        }
        // The account is as it was: its own password signs in, the one sent with the repeat does not.
        using var client = Server.CreateClient();
        using var theirs = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        Assert.Equal("First", (await theirs.Content.ReadFromJsonAsync<UserDto>(Json.Options))!.DisplayName);
        using var attacker = await Server.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = "another-fine-phrase" });
        Assert.Equal(HttpStatusCode.Unauthorized, attacker.StatusCode);
    }

    [Fact]
    public async Task AnAdminCreatingAUserWithAnEmailThatHasAnAccountIsToldItIsAConflict()
    {
        var email = NewEmail();
        await Server.NewUserAsync(email);
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);

        using var second = await admin.PostAsJsonAsync("/api/users", new { email = email.ToUpperInvariant(), displayName = "Second", password = "another-fine-phrase" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await ProblemAsync(second);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains("already exists", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("password12345", "common passwords")]
    [InlineData("P@ssw0rd2024!", "common passwords")]
    [InlineData("aaaaaaaaaaaa", "repeats")]
    [InlineData("ertyuiop5678", "run along")]
    [InlineData("rqponmlkjihg", "run along")]
    public async Task AWeakPasswordIsRefusedOnRegistrationAndWhenAnAdminCreatesAUserSayingWhy(string password, string why)
    {
        var email = NewEmail();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        foreach (var (client, path) in new[] { (Server.CreateClient(), "/api/auth/register"), (admin, "/api/users") })
        {
            using var response = await client.PostAsJsonAsync(path, new { email, displayName = "Weak Password", password });
            Assert.Contains(why, await FieldErrorAsync(response, "password"));
        }
        using var login = await Server.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task APasswordContainingTheEmailOrNameIsRefused()
    {
        using var client = Server.CreateClient();
        var token = Guid.NewGuid().ToString("N")[..8];
        using var byEmail = await client.PostAsJsonAsync("/api/auth/register", new { email = $"marguerite.{token}@example.com", displayName = "M", password = $"my marguerite {token}!" });
        Assert.Contains("email address or name", await FieldErrorAsync(byEmail, "password"));
        using var byName = await client.PostAsJsonAsync("/api/auth/register", new { email = NewEmail(), displayName = "Bartholomew Quince", password = "quince and more quince" });
        Assert.Contains("email address or name", await FieldErrorAsync(byName, "password"));
    }

    [Theory]
    [InlineData("not-an-email", "Name", "long-enough-password", "email")]
    [InlineData("a@b", "Name", "long-enough-password", "email")]
    [InlineData("two@at@example.com", "Name", "long-enough-password", "email")]
    [InlineData("", "Name", "long-enough-password", "email")]
    [InlineData("ok@example.com", "   ", "long-enough-password", "displayName")]
    [InlineData("ok@example.com", "Name", "short", "password")]
    [InlineData("ok@example.com", "Name", "", "password")]
    public async Task InvalidRegistrationIsABadRequestNamingTheField(string email, string displayName, string password, string field)
    {
        using var client = Server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email, displayName, password });
        await AssertInvalidAsync(response, field);
        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Theory]
    [InlineData(RoundtableFactory.LenaEmail, "wrong-password")]
    [InlineData("nobody@roundtable.local", RoundtableFactory.DemoPassword)]
    public async Task AWrongPasswordOrUnknownEmailIsUnauthorizedWithProblemDetails(string email, string password)
    {
        using var client = Server.CreateClient();
        foreach (var path in new[] { "/api/auth/token", "/api/auth/login" })
        {
            using var response = await client.PostAsJsonAsync(path, new { email, password });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal("Sign-in failed", problem.GetProperty("title").GetString());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task ABearerTokenWorksAndATamperedOrExpiredOneIsRejected()
    {
        var token = await Server.IssueTokenAsync(RoundtableFactory.LenaEmail);
        using (var client = Server.ClientWithToken(token))
        {
            var home = await client.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
            Assert.Equal("Lena Learner", home!.User.DisplayName);
            Assert.Single(home.Cohorts);
        }

        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        var forgedPayload = new Dictionary<string, object?>(payload.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)) { ["name"] = "Someone Else" };
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(forgedPayload))}.{parts[2]}";
        var badSignature = $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(new byte[32])}";

        var signingKey = Server.Get<TokenService>().SigningKey;
        var past = DateTime.UtcNow.AddHours(-2);
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "roundtable",
            Audience = "roundtable",
            Subject = new ClaimsIdentity([new Claim("sub", payload["sub"].GetString()!), new Claim("name", "Lena Learner")]),
            IssuedAt = past,
            NotBefore = past,
            Expires = past.AddHours(1),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
        var otherKey = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "roundtable",
            Audience = "roundtable",
            Subject = new ClaimsIdentity([new Claim("sub", payload["sub"].GetString()!)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });

        foreach (var bad in new[] { forged, badSignature, expired, otherKey, "not-a-token" })
        {
            using var client = Server.ClientWithToken(bad);
            using var response = await client.GetAsync("/api/home");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task ANonAdminCannotCreatePrograms()
    {
        foreach (var email in new[] { RoundtableFactory.CoachEmail, RoundtableFactory.LenaEmail })
        {
            using var client = await Server.ClientAsAsync(email);
            using var response = await client.PostAsJsonAsync("/api/programs", new { name = "Not allowed" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            using var users = await client.PostAsJsonAsync("/api/users", new { email = NewEmail(), displayName = "X", password = "long-enough-password" });
            Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        }
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var programs = await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options);
        Assert.DoesNotContain(programs!, p => p.Name == "Not allowed");
    }

    [Fact]
    public async Task AdminCreatesProgramCohortMemberAndRoundtableEachReadableStraightAfter()
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);

        using var programResponse = await admin.PostAsJsonAsync("/api/programs", new { name = "  Listening Lab ", description = "Practice" });
        Assert.Equal(HttpStatusCode.Created, programResponse.StatusCode);
        var program = (await programResponse.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!;
        Assert.Equal("Listening Lab", program.Name);
        Assert.Contains(program, (await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))!);

        using var cohortResponse = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = "Spring" });
        Assert.Equal(HttpStatusCode.Created, cohortResponse.StatusCode);
        var cohort = (await cohortResponse.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var readCohort = await admin.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohort.Id}", Json.Options);
        Assert.Equal(("Spring", program.Id, "Listening Lab"), (readCohort!.Name, readCohort.ProgramId, readCohort.ProgramName));
        Assert.Contains((await admin.GetFromJsonAsync<CohortDto[]>($"/api/programs/{program.Id}/cohorts", Json.Options))!, c => c.Id == cohort.Id);

        var email = NewEmail("member");
        var userId = await Server.NewUserAsync(email);
        using var memberResponse = await admin.PutAsJsonAsync($"/api/cohorts/{cohort.Id}/members/{userId}", new { role = "Coach" });
        Assert.Equal(HttpStatusCode.OK, memberResponse.StatusCode);
        var members = await admin.GetFromJsonAsync<MemberDto[]>($"/api/cohorts/{cohort.Id}/members", Json.Options);
        var member = Assert.Single(members!);
        Assert.Equal((userId, email, Core.Directory.CohortRole.Coach), (member.UserId, member.Email, member.Role));

        var start = new DateTimeOffset(2030, 3, 4, 9, 30, 0, TimeSpan.FromHours(2));
        using var roundtableResponse = await admin.PostAsJsonAsync($"/api/cohorts/{cohort.Id}/roundtables", new { title = "Kick-off", scheduledStart = start, durationMinutes = 45 });
        Assert.Equal(HttpStatusCode.Created, roundtableResponse.StatusCode);
        var roundtable = (await roundtableResponse.Content.ReadFromJsonAsync<RoundtableDto>(Json.Options))!;
        Assert.Equal(new Uri($"/api/roundtables/{roundtable.Id}", UriKind.Relative), roundtableResponse.Headers.Location);
        var read = await admin.GetFromJsonAsync<RoundtableDto>($"/api/roundtables/{roundtable.Id}", Json.Options);
        Assert.Equal(roundtable, read);
        Assert.Equal((start, 45, Core.Rooms.RoomStatus.Scheduled, "Kick-off"), (read!.ScheduledStart, read.DurationMinutes, read.Status, read.Title));

        // The new coach sees it all at once on their home page.
        using var coach = await Server.ClientAsAsync(email);
        var home = await coach.GetFromJsonAsync<HomeDto>("/api/home", Json.Options);
        var mine = Assert.Single(home!.Cohorts);
        Assert.Equal(Core.Rooms.RoomRole.Coach, mine.Cohort.MyRole);
        Assert.Equal([roundtable.Id], mine.Roundtables.Select(r => r.Id));
    }

    [Theory]
    [InlineData(null, 60, "title")]
    [InlineData("   ", 60, "title")]
    [InlineData("Fine title", 1, "durationMinutes")]
    [InlineData("Fine title", 601, "durationMinutes")]
    [InlineData("Fine title", null, "durationMinutes")]
    public async Task InvalidRoundtableInputIsABadRequestNamingTheField(string? title, int? durationMinutes, string field)
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var before = (await admin.GetFromJsonAsync<RoundtableDto[]>($"/api/cohorts/{cohortId}/roundtables", Json.Options))!.Length;

        using var response = await admin.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables", new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes });

        await AssertInvalidAsync(response, field);
        Assert.Equal(before, (await admin.GetFromJsonAsync<RoundtableDto[]>($"/api/cohorts/{cohortId}/roundtables", Json.Options))!.Length);
    }

    [Fact]
    public async Task ALearnerCannotScheduleARoundtable()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        using var lena = await Server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var response = await lena.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables", new { title = "Mine", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await ProblemAsync(response)).GetProperty("status").GetInt32());

        using var coach = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var allowed = await coach.PostAsJsonAsync($"/api/cohorts/{cohortId}/roundtables", new { title = "Coach's", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 30 });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Fact]
    public async Task HealthAndOpenApiAreAnonymous()
    {
        using var anonymous = Server.CreateClient();
        using var live = await anonymous.GetAsync("/health/live");
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var openApi = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = await openApi.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/roundtables/{roundtableId}/transcript", out _));
    }

    [Fact]
    public async Task EveryApiEndpointButSignInRequiresCredentials()
    {
        var endpoints = Server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        var anonymous = endpoints.Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(x => $"{x.Method} {x.Endpoint.RoutePattern.RawText}").Order().ToList();
        // First-run set-up is anonymous by nature: its token, not a session, is the credential (refused once an admin exists).
        Assert.Equal(["GET /api/setup", "POST /api/auth/login", "POST /api/auth/register", "POST /api/auth/token", "POST /api/email/unsubscribe", "POST /api/setup"], anonymous);

        var guarded = endpoints.Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.True(guarded.Count >= 15, $"only {guarded.Count} endpoints found");
        using var client = Server.CreateClient();
        foreach (var (method, endpoint) in guarded)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, "{[^}]+}", "0123456789abcdef0123456789abcdef");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = JsonContent.Create(new { });
            }
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }
}
