using System.Net;
using System.Text.Json;

namespace Roundtable.Server.Tests;

/// <summary>The OpenAPI document maps every endpoint: in a deployment it is for signed-in users, unless set public.</summary>
public sealed class ApiDescriptionTests
{
    [Fact]
    public async Task ApiDescriptionIsForSignedInUsersInADeployment()
    {
        const string Password = "a password for this deployment's demo";
        await using var production = await new RoundtableFactory(environment: "Production", settings: new Dictionary<string, string>
        {
            ["Seed:DemoData"] = "true",
            ["Seed:DemoPassword"] = Password,
        }).StartAsync();

        using (var anonymous = production.CreateClient())
        using (var refused = await anonymous.GetAsync("/openapi/v1.json"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var signedIn = production.ClientWithToken(await production.IssueTokenAsync(RoundtableFactory.LenaEmail, Password)))
        using (var document = await signedIn.GetAsync("/openapi/v1.json"))
        {
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.True(JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement.GetProperty("paths").TryGetProperty("/api/home", out _));
        }
    }

    [Fact]
    public async Task ApiDescriptionIsPublicInDevelopmentOrWhenSetSo()
    {
        await using var development = await new RoundtableFactory().StartAsync();
        await using var published = await new RoundtableFactory(environment: "Production", settings: new Dictionary<string, string>
        {
            ["Diagnostics:PublicApiDescription"] = "true",
        }).StartAsync();

        foreach (var server in new[] { development, published })
        {
            using var anonymous = server.CreateClient();
            using var document = await anonymous.GetAsync("/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }
    }
}
