using System.Net;
using Roundtable.Testing.Email;

namespace Roundtable.Server.Tests.AsyncPresentations;

/// <summary>Released peer feedback is emailed to the presenter, as feedback released in a room is.</summary>
public sealed class AsyncPresentationEmailTests
{
    [Fact]
    public async Task ThePresenterIsEmailedWhenTheCoachReleasesTheirFeedback()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var server = await new RoundtableFactory(settings: smtp.Settings("https://roundtable.example.org")).StartAsync();
        var scene = await AsyncScene.CreateAsync(server);
        var (presentationId, _) = await scene.SubmitAsync(server, "Pitch for the inbox");
        var round = await scene.OpenAsync(server, DateTimeOffset.UtcNow.AddDays(1));
        using var cy = await server.ClientAsAsync(scene.CyEmail);
        using var closed = await cy.PostAsync($"/api/async-reviews/{round.Id}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);

        var email = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == scene.AnaEmail), "Ana's released-feedback email");
        Assert.Equal("Your peers' feedback on “Pitch for the inbox” is ready: see it, rate how helpful it was and reflect.", email.Subject);
        Assert.StartsWith($"https://roundtable.example.org/async-presentations.html?presentation={presentationId}", email.LinkStartingWith("https://roundtable.example.org/async-presentations.html"));
    }
}
