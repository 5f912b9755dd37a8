using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>Rating a roundtable through the real hub: who may, what reaches whom, and refusals that store nothing.</summary>
public sealed class SessionRatingHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId) =>
        await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private static async Task RefusedAsync(RoomClient client, string roomId, int rating, string? comment, string expected)
    {
        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("RateSession", roomId, rating, comment));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALearnerWhoWasThereRatesTheEndedRoundtableAndOnlyStaffSeeTheRating()
    {
        var (roomId, coachClient) = await AgendaStageHubTests.StartedRoomAsync(Server);
        await using var coach = coachClient;
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        await coach.Connection.InvokeAsync("EndRoundtable", roomId);

        var comment = $"Good pace {Guid.NewGuid():N}";
        await lena.Connection.InvokeAsync("RateSession", roomId, 4, comment);
        var seq = await LogReader.RoomVersionAsync(Server, roomId);
        var toCoach = (SessionRated)(await coach.WaitForEventAsync(e => e.Seq == seq, "the rating reached the coach")).Event;
        Assert.Equal(("Lena Learner", 4, comment), (toCoach.DisplayName, toCoach.Rating, toCoach.CommentMarkdown));
        var toLiam = (SessionRated)(await liam.WaitForEventAsync(e => e.Seq == seq, "the placeholder reached Liam")).Event;
        Assert.Equal(("", "", 0, null), (toLiam.UserId, toLiam.DisplayName, toLiam.Rating, toLiam.CommentHtml));
        Assert.DoesNotContain(liam.RawPayloads, p => p.Contains(comment, StringComparison.Ordinal));

        // Rating again replaces the earlier rating.
        await lena.Connection.InvokeAsync("RateSession", roomId, 2, comment);
        await using var lenaAgain = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        var mine = lenaAgain.Joined!.Snapshot.Part<SessionRatingSnapshot>()!.MySessionRating!;
        Assert.Equal((true, 2, comment), (mine.WasPresent, mine.Rating!.Rating, mine.Rating.CommentMarkdown));
        Assert.Null(lenaAgain.Joined.Snapshot.Part<SessionRatingSnapshot>()!.SessionRatings);
        await using var liamAgain = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        Assert.Equal(new MySessionRatingView(true, null), liamAgain.Joined!.Snapshot.Part<SessionRatingSnapshot>()!.MySessionRating);
        Assert.DoesNotContain(liamAgain.View, e => e.Event is SessionRated { Rating: > 0 });
        await using var coachAgain = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        var all = coachAgain.Joined!.Snapshot.Part<SessionRatingSnapshot>()!.SessionRatings!;
        Assert.Equal(2, all.Average);
        Assert.Equal("Lena Learner", Assert.Single(all.Ratings).DisplayName);

        using var coachHttp = await Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var staffTranscript = await coachHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript");
        Assert.Contains($"Lena Learner rated the roundtable 4/5: {comment}", staffTranscript);
        Assert.Contains($"Lena Learner rated the roundtable 2/5: {comment}", staffTranscript);
        using var liamHttp = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        var learnerTranscript = await liamHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript");
        Assert.DoesNotContain("rated the roundtable", learnerTranscript);
        Assert.DoesNotContain(comment, learnerTranscript);
    }

    [Fact]
    public async Task OnlyALearnerWhoWasThereMayRateAndRefusalsStoreNothing()
    {
        var (roomId, coachClient) = await AgendaStageHubTests.StartedRoomAsync(Server);
        await using var coach = coachClient;
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var manager = await JoinAsync(RoundtableFactory.ManagerEmail, roomId);
        var outsiderEmail = $"{Guid.NewGuid():N}@outside.test";
        await Server.NewUserAsync(outsiderEmail);
        await using var outsider = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(outsiderEmail));

        var live = await LogReader.RoomVersionAsync(Server, roomId);
        await RefusedAsync(lena, roomId, 4, null, "once it has ended");
        Assert.Equal(live, await LogReader.RoomVersionAsync(Server, roomId));

        await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        // Noor opens the ended room (she still gets its snapshot), but she was never in it.
        await using var noor = await JoinAsync(RoundtableFactory.NoorEmail, roomId);
        Assert.Equal(new MySessionRatingView(false, null), noor.Joined!.Snapshot.Part<SessionRatingSnapshot>()!.MySessionRating);
        var ended = await LogReader.RoomVersionAsync(Server, roomId);

        await RefusedAsync(outsider, roomId, 4, null, "not a member");
        await RefusedAsync(manager, roomId, 4, null, "Only the learners who took part");
        await RefusedAsync(coach, roomId, 4, null, "Only the learners who took part");
        await RefusedAsync(noor, roomId, 4, null, "who were in this roundtable");
        await RefusedAsync(lena, roomId, 0, null, "from 1 to 5");
        await RefusedAsync(lena, roomId, 6, null, "from 1 to 5");
        await RefusedAsync(lena, roomId, 5, new string('x', SessionRatingLimits.MaxCommentBytes + 1), "the limit is 2 KB");
        Assert.Equal(ended, await LogReader.RoomVersionAsync(Server, roomId));

        await lena.Connection.InvokeAsync("RateSession", roomId, 5, null);
        Assert.Equal(ended + 1, await LogReader.RoomVersionAsync(Server, roomId));
        // The same rating again is already done: nothing new is stored.
        await lena.Connection.InvokeAsync("RateSession", roomId, 5, "  ");
        Assert.Equal(ended + 1, await LogReader.RoomVersionAsync(Server, roomId));
    }
}
