using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Tests;

public sealed class MessageEditsHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static async Task<RoomClient> JoinAsync(RoundtableFactory server, string email, string roomId) =>
        await RoomClient.JoinAsync(server, await server.TokenAsync(email), roomId);

    private static async Task<string> RefusalAsync(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;

    private static async Task<string> TranscriptAsync(RoundtableFactory server, string email, string roomId, string format)
    {
        using var http = await server.ClientAsAsync(email);
        return await http.GetStringAsync($"/api/roundtables/{roomId}/transcript?format={format}");
    }

    [Fact]
    public async Task AnEditAndADeletionReachTheRoomLiveTheSnapshotAndTheTranscript()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var lena = await JoinAsync(Server, RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(Server, RoundtableFactory.LiamEmail, roomId);
        Assert.Equal(300, lena.Joined!.MessageEditSeconds);
        var kept = await lena.PostAsync("frist draft");
        var gone = await lena.PostAsync("said too **soon**");

        await lena.Connection.InvokeAsync("EditMessage", roomId, kept.Seq, "first **draft**");
        await lena.Connection.InvokeAsync("DeleteMessage", roomId, gone.Seq);

        var edited = (MessageEdited)(await liam.WaitForEventAsync(e => e.Event is MessageEdited, "Liam sees the edit live")).Event;
        Assert.Equal((kept.Seq, "<p>first <strong>draft</strong></p>"), (edited.MessageSeq, edited.Html.Trim()));
        Assert.Equal(gone.Seq, ((MessageDeleted)(await liam.WaitForEventAsync(e => e.Event is MessageDeleted, "Liam sees the deletion live")).Event).MessageSeq);

        await using var noor = await JoinAsync(Server, RoundtableFactory.NoorEmail, roomId);
        var recent = noor.Joined!.Snapshot.RecentMessages;
        var keptNow = recent.Single(m => m.Seq == kept.Seq);
        Assert.Equal("first **draft**", keptNow.Markdown);
        Assert.NotNull(keptNow.EditedAt);
        var goneNow = recent.Single(m => m.Seq == gone.Seq);
        Assert.Equal((true, ""), (goneNow.Deleted, goneNow.Markdown));
        // Catching up from the start does not bring the deleted text back either.
        await noor.CatchupAsync(0);
        Assert.Equal("", ((MessagePosted)noor.View.Single(e => e.Seq == gone.Seq).Event).Markdown);

        var markdown = await TranscriptAsync(Server, RoundtableFactory.CoachEmail, roomId, "markdown");
        Assert.Contains("(edited)", markdown);
        Assert.Contains("> first **draft**", markdown);
        Assert.DoesNotContain("frist", markdown);
        Assert.Contains("_message deleted_", markdown);
        Assert.DoesNotContain("soon", markdown);
        var html = await TranscriptAsync(Server, RoundtableFactory.LiamEmail, roomId, "html");
        Assert.Contains("<em>message deleted</em>", html);
        Assert.Contains("<strong>draft</strong>", html);
        Assert.DoesNotContain("soon", html);
    }

    [Fact]
    public async Task OnlyTheAuthorMayChangeAMessageAndOnlyWhileItIsNew()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var roomId = await server.NewRoundtableAsync();
        await using var lena = await JoinAsync(server, RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(server, RoundtableFactory.LiamEmail, roomId);
        await using var coach = await JoinAsync(server, RoundtableFactory.CoachEmail, roomId);
        var posted = await lena.PostAsync("mine");
        var before = await LogReader.RoomVersionAsync(server, roomId);

        Assert.EndsWith("You can only edit your own messages.", await RefusalAsync(() => liam.Connection.InvokeAsync("EditMessage", roomId, posted.Seq, "yours")));
        Assert.EndsWith("You can only delete your own messages.", await RefusalAsync(() => coach.Connection.InvokeAsync("DeleteMessage", roomId, posted.Seq)));
        Assert.Contains("Say which message", await RefusalAsync(() => lena.Connection.InvokeAsync("EditMessage", roomId, 0L, "x")));
        Assert.Contains("new text", await RefusalAsync(() => lena.Connection.InvokeAsync("EditMessage", roomId, posted.Seq, null)));

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.EndsWith("Messages can be changed only within 5 minutes of sending; this one was sent 6 minutes ago.",
            await RefusalAsync(() => lena.Connection.InvokeAsync("EditMessage", roomId, posted.Seq, "too late")));
        Assert.Contains("within 5 minutes", await RefusalAsync(() => lena.Connection.InvokeAsync("DeleteMessage", roomId, posted.Seq)));
        Assert.Equal(before, await LogReader.RoomVersionAsync(server, roomId));
    }
}
