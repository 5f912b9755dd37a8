using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Email;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests;

/// <summary>
/// Invitations and password resets by one-time emailed links, against a real SMTP server: the link works once, expires,
/// is replaced by a newer one, and asking for a reset tells nothing about which addresses have accounts.
/// </summary>
public sealed class AccountLinksTests : IAsyncLifetime
{
    private const string PublicUrl = "https://roundtable.example.org";
    private const string NewPassword = "a quiet harbour at dawn";
    private TestSmtpServer _smtp = null!;
    private RoundtableFactory _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _server = await new RoundtableFactory(settings: _smtp.Settings(PublicUrl)).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Appends an invitation as the set-up screens do (they only append <see cref="UserInvited"/>); the new account's id.</summary>
    internal static async Task<string> InviteAsync(RoundtableFactory server, string email, string displayName)
    {
        var userId = Ids.New();
        var adminId = server.Get<AccountService>().FindByEmail(RoundtableFactory.AdminEmail)!.Id;
        Assert.Null(await server.Get<DirectoryWriter>().WriteAsync(() => DirectoryDecision.Accept(new UserInvited(userId, email, displayName, adminId))));
        return userId;
    }

    private static string TokenIn(MimeMessage message, string page) =>
        Uri.UnescapeDataString(message.LinkStartingWith($"{PublicUrl}/{page}?token=")[$"{PublicUrl}/{page}?token=".Length..]);

    private async Task<string> InvitationTokenAsync(string email, int nth = 1)
    {
        await Eventually.UntilAsync(() => _smtp.To(email).Count(m => m.Subject == "You are invited to Roundtable") >= nth, $"invitation {nth} to {email} arrives");
        return TokenIn(_smtp.To(email).Where(m => m.Subject == "You are invited to Roundtable").ElementAt(nth - 1), "invite.html");
    }

    private async Task<string> ResetTokenAsync(string email, int nth = 1)
    {
        await Eventually.UntilAsync(() => _smtp.To(email).Count(m => m.Subject == "Choose a new Roundtable password") >= nth, $"reset email {nth} to {email} arrives");
        return TokenIn(_smtp.To(email).Where(m => m.Subject == "Choose a new Roundtable password").ElementAt(nth - 1), "reset-password.html");
    }

    private static async Task<string> TokenErrorAsync(HttpResponseMessage response) => await AccountsApiTests.FieldErrorAsync(response, "token");

    private async Task<HttpStatusCode> SignInStatusAsync(string email, string password)
    {
        using var client = _server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.StatusCode;
    }

    [Fact]
    public async Task AnInvitedPersonCannotSignInUntilTheyFollowTheEmailedLinkWhichSetsTheirPasswordOnceAndSignsThemIn()
    {
        var email = NewEmail("ines");
        var userId = await InviteAsync(_server, email, "Ines Invited");
        var token = await InvitationTokenAsync(email);
        var invitation = _smtp.To(email)[0];
        Assert.Contains("Hello Ines Invited", invitation.Body());
        Assert.Null(invitation.Headers["List-Unsubscribe"]);
        Assert.Equal(64, AccountLinks.HashOf(token).Length);
        Assert.True(token.Length >= 43, "32 random bytes, URL-safe");

        // Before the password is set, signing in answers as for a wrong password, whatever is tried.
        using (var wrong = _server.CreateClient())
        {
            using var invited = await wrong.PostAsJsonAsync("/api/auth/login", new { email, password = NewPassword });
            using var unknown = await wrong.PostAsJsonAsync("/api/auth/login", new { email = NewEmail("nobody"), password = NewPassword });
            Assert.Equal(HttpStatusCode.Unauthorized, invited.StatusCode);
            static async Task<string> DetailAsync(HttpResponseMessage r) => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Equal(await DetailAsync(unknown), await DetailAsync(invited));
        }

        using var browser = _server.CreateClient();
        using var whose = await browser.PostAsJsonAsync("/api/auth/invitation", new { token });
        Assert.Equal(HttpStatusCode.OK, whose.StatusCode);
        var shown = await whose.Content.ReadFromJsonAsync<InvitationDto>(Json.Options);
        Assert.Equal(("Ines Invited", email), (shown!.DisplayName, shown.Email));

        using var weak = await browser.PostAsJsonAsync("/api/auth/invitation/accept", new { token, newPassword = "password123" });
        Assert.Contains("common passwords", await AccountsApiTests.FieldErrorAsync(weak, "newPassword"));

        using var accepted = await browser.PostAsJsonAsync("/api/auth/invitation/accept", new { token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var me = await browser.GetFromJsonAsync<UserDto>("/api/me", Json.Options);
        Assert.Equal(userId, me!.Id);
        Assert.False(_server.Get<AccountService>().FindById(userId)!.Invited);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, NewPassword));

        // The link worked once.
        using var again = await _server.CreateClient().PostAsJsonAsync("/api/auth/invitation/accept", new { token, newPassword = "another long phrase here" });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(again));
        using var lookAgain = await _server.CreateClient().PostAsJsonAsync("/api/auth/invitation", new { token });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(lookAgain));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, NewPassword));
    }

    [Fact]
    public async Task SendingTheInvitationAgainMakesTheOlderLinkStopWorkingAndOnlyStaffOfTheirCohortMaySend()
    {
        var (cohortId, _) = await _server.SeededCohortAsync();
        var email = NewEmail("ravi");
        var userId = await InviteAsync(_server, email, "Ravi Resent");
        var first = await InvitationTokenAsync(email);
        using var admin = await _server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var added = await admin.PutAsJsonAsync($"/api/cohorts/{cohortId}/members/{userId}", new { role = "Learner" });
        added.EnsureSuccessStatusCode();

        // A learner of the cohort may not; an account outside it sees no such person; the cohort's coach may.
        using var learner = await _server.ClientAsAsync(RoundtableFactory.LenaEmail);
        using var refused = await learner.PostAsync($"/api/users/{userId}/invitation", null);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var coach = await _server.ClientAsAsync(RoundtableFactory.CoachEmail);
        using var resent = await coach.PostAsync($"/api/users/{userId}/invitation", null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        var second = await InvitationTokenAsync(email, nth: 2);
        Assert.NotEqual(first, second);

        using var old = await _server.CreateClient().PostAsJsonAsync("/api/auth/invitation/accept", new { token = first, newPassword = NewPassword });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(old));
        using var current = await _server.CreateClient().PostAsJsonAsync("/api/auth/invitation/accept", new { token = second, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);

        // Once they have a password there is nothing to resend: "Forgot your password?" is their way back in.
        using var late = await admin.PostAsync($"/api/users/{userId}/invitation", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task AResetLinkWorksOnceAndEndsEveryOtherSession()
    {
        var email = NewEmail("rosa");
        await _server.NewUserAsync(email, displayName: "Rosa Reset");
        var oldToken = await _server.IssueTokenAsync(email);

        using var anonymous = _server.CreateClient();
        using var asked = await anonymous.PostAsJsonAsync("/api/auth/password-reset", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var token = await ResetTokenAsync(email);
        Assert.Contains("If you did not ask for this", _smtp.To(email)[0].Body());

        using var browser = _server.CreateClient();
        using var done = await browser.PostAsJsonAsync("/api/auth/password-reset/complete", new { token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using (var me = await browser.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        using (var before = _server.ClientWithToken(oldToken))
        {
            using var ended = await before.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(email, RoundtableFactory.DemoPassword));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, NewPassword));

        using var again = await _server.CreateClient().PostAsJsonAsync("/api/auth/password-reset/complete", new { token, newPassword = "yet another long phrase" });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(again));
        // An invitation link is not a reset link, nor the other way round; an unknown one is the same refusal.
        using var unknown = await _server.CreateClient().PostAsJsonAsync("/api/auth/password-reset/complete", new { token = AccountLinks.NewToken(), newPassword = NewPassword });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(unknown));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, NewPassword));
    }

    [Fact]
    public async Task AnInvitedPersonCanAlsoUseForgotPassword()
    {
        var email = NewEmail("ivo");
        var userId = await InviteAsync(_server, email, "Ivo Invited");
        var invitation = await InvitationTokenAsync(email);

        using var asked = await _server.CreateClient().PostAsJsonAsync("/api/auth/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var token = await ResetTokenAsync(email);
        using var done = await _server.CreateClient().PostAsJsonAsync("/api/auth/password-reset/complete", new { token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.False(_server.Get<AccountService>().FindById(userId)!.Invited);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, NewPassword));
        // Choosing a password ends the invitation's link too.
        using var stale = await _server.CreateClient().PostAsJsonAsync("/api/auth/invitation", new { token = invitation });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(stale));
    }

    [Fact]
    public async Task AskingForAResetAnswersTheSameInTheSameTimeWhetherOrNotTheAddressHasAnAccount()
    {
        var known = NewEmail("kate");
        await _server.NewUserAsync(known, displayName: "Kate Known");
        using var client = _server.CreateClient();
        // Warm up both paths first.
        (await client.PostAsJsonAsync("/api/auth/password-reset", new { email = NewEmail("warm") })).Dispose();

        var bodies = new HashSet<string>();
        var statuses = new HashSet<HttpStatusCode>();
        var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var i = 0; i < 12; i++)
        {
            foreach (var exists in new[] { true, false })
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/api/auth/password-reset", new { email = exists ? known : NewEmail("nobody") });
                times[exists].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.Add(response.StatusCode);
                bodies.Add(await response.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal([HttpStatusCode.Accepted], statuses);
        Assert.Single(bodies);
        Assert.Contains(AccountLinksApi.ResetAccepted, bodies.Single().Replace("\\u0027", "'"));
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var (withAccount, without) = (Median(times[true]), Median(times[false]));
        // Generous: the request only queues the address, so both are the same work; a busy machine adds noise.
        Assert.True(Math.Max(withAccount, without) <= 3 * Math.Min(withAccount, without) + 5,
            $"median {withAccount:0.0} ms with an account, {without:0.0} ms without");
        await ResetTokenAsync(known);
    }

    [Fact]
    public async Task InvitationAndResetLinksExpire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var server = await new RoundtableFactory(settings: smtp.Settings(PublicUrl), time: clock).StartAsync();
        var invited = NewEmail("eva");
        await InviteAsync(server, invited, "Eva Expired");
        await Eventually.UntilAsync(() => smtp.To(invited).Count > 0, "the invitation arrives");
        var invitation = TokenIn(smtp.To(invited)[0], "invite.html");
        var member = NewEmail("max");
        await server.NewUserAsync(member, displayName: "Max Member");
        using (var asked = await server.CreateClient().PostAsJsonAsync("/api/auth/password-reset", new { email = member }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }
        await Eventually.UntilAsync(() => smtp.To(member).Count > 0, "the reset email arrives");
        var reset = TokenIn(smtp.To(member)[0], "reset-password.html");

        // The reset link lasts an hour, the invitation a week.
        clock.Advance(TimeSpan.FromMinutes(61));
        using var lateReset = await server.CreateClient().PostAsJsonAsync("/api/auth/password-reset/complete", new { token = reset, newPassword = NewPassword });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(lateReset));
        using var stillGood = await server.CreateClient().PostAsJsonAsync("/api/auth/invitation", new { token = invitation });
        Assert.Equal(HttpStatusCode.OK, stillGood.StatusCode);

        clock.Advance(TimeSpan.FromDays(7));
        using var lateInvitation = await server.CreateClient().PostAsJsonAsync("/api/auth/invitation/accept", new { token = invitation, newPassword = NewPassword });
        Assert.Equal(AccountLinks.NotUsable, await TokenErrorAsync(lateInvitation));
    }
}
