using System.Net;
using Roundtable.Server.Tests.AsyncPresentations;

namespace Roundtable.Server.Tests.Network;

/// <summary>
/// Who may read the learning network and the people directory: every signed-in person (each sees only their own
/// network, and only people they share a program with); signed out, 401. The same table is in docs/ACCESS.md under
/// "Learning network and people directory".
/// </summary>
public sealed class NetworkAccessTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/api/me/network")]
    [InlineData("/api/people")]
    [InlineData("/api/people?q=a&skill=b")]
    public async Task EverySignedInCallerReadsTheirOwnAndSignedOutIsRefused(string path)
    {
        var server = fixture.Server;
        var scene = await AsyncScene.CreateAsync(server);
        await AccessTable.AssertRowAsync($"GET {path}", scene.OlaEmail, [true, true, true, true, true, false], async email =>
        {
            using var client = email is null ? server.CreateClient() : await server.ClientAsAsync(email);
            using var response = await client.GetAsync(path);
            // Refused means 401 (signed out) and nothing else.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
            return (response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}");
        });
    }
}
