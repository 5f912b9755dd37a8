using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Tests;

/// <summary>Open self-registration is off unless a deployment turns it on (Accounts:OpenRegistration).</summary>
public sealed class RegistrationClosedTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task RegisteringIsRefusedWithAClearMessageAndCreatesNoAccount()
    {
        var email = $"walk-in-{Guid.NewGuid():N}@example.com";
        using var client = fixture.Server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email, displayName = "Walk In", password = "long-enough-password" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(AccountsApi.RegistrationClosed, problem.GetProperty("detail").GetString());
        Assert.Null(fixture.Server.Get<AccountService>().FindByEmail(email));
    }

    [Fact]
    public async Task TheSignInPageIsToldRegistrationIsOffWithoutSigningIn()
    {
        using var client = fixture.Server.CreateClient();
        var options = await client.GetFromJsonAsync<AccountOptionsDto>("/api/auth/options", Json.Options);
        Assert.False(options!.OpenRegistration);
    }

    [Fact]
    public async Task TurnedOnTheOptionsSayItIsOpen()
    {
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string> { ["Accounts:OpenRegistration"] = "true" }).StartAsync();
        using var client = server.CreateClient();
        var options = await client.GetFromJsonAsync<AccountOptionsDto>("/api/auth/options", Json.Options);
        Assert.True(options!.OpenRegistration);
    }
}
