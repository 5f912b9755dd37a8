using Roundtable.Core.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>The Q&amp;A review queue over the hub: a waiting question's text reaches staff and its asker, nobody else, until approved.</summary>
public sealed class QuestionReviewHubTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Secret = "Why is the **budget** secret";

    private RoundtableFactory Server => fixture.Server;

    private async Task<RoomClient> JoinAsync(string email, string roomId) =>
        await RoomClient.JoinAsync(Server, await Server.TokenAsync(email), roomId);

    private async Task<string> TranscriptAsync(string email, string roomId)
    {
        using var http = await Server.ClientAsAsync(email);
        return await http.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");
    }

    private static bool Leaks(RoomClient client) => client.RawPayloads.Any(p => p.Contains("budget", StringComparison.Ordinal));

    [Fact]
    public async Task AnotherLearnerNeverReceivesAWaitingQuestionUntilItIsApproved()
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await JoinAsync(RoundtableFactory.CoachEmail, roomId);
        await using var lena = await JoinAsync(RoundtableFactory.LenaEmail, roomId);
        await using var liam = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        await coach.InvokeAsync("SetQuestionReview", roomId, true);

        var id = await lena.InvokeAsync<long>("AskQuestion", roomId, Secret, false);
        var toCoach = (QuestionAsked)(await coach.WaitForEventAsync(e => e.Seq == id, "the coach got the question")).Event;
        Assert.True(toCoach.AwaitingReview);
        Assert.Contains("budget", toCoach.Html);
        // The asker's own view arrives first, so the page she keeps is hers, with the text.
        var toLena = (QuestionAsked)(await lena.WaitForEventAsync(e => e.Seq == id, "Lena got her question")).Event;
        Assert.Equal((true, "<p>Why is the <strong>budget</strong> secret</p>"), (toLena.AwaitingReview, toLena.Html));
        Assert.Contains("budget", ((QuestionAsked)lena.View.Single(e => e.Seq == id).Event).Html);

        // Liam: a placeholder live, nothing in a fresh snapshot, catch-up or transcript.
        await liam.WaitForSeqAsync(id);
        var placeholder = (QuestionAsked)liam.View.Single(e => e.Seq == id).Event;
        Assert.Equal(("", null), (placeholder.Html, placeholder.UserId));
        await using var liamAgain = await JoinAsync(RoundtableFactory.LiamEmail, roomId);
        Assert.Empty(liamAgain.Joined!.Snapshot.Part<QuestionsSnapshot>()!.Questions);
        Assert.True(liamAgain.Joined!.Snapshot.Part<QuestionsSnapshot>()!.QuestionReview);
        await liamAgain.ReadLogAsync();
        Assert.False(Leaks(liam) || Leaks(liamAgain));
        Assert.DoesNotContain("budget", await TranscriptAsync(RoundtableFactory.LiamEmail, roomId));
        Assert.Contains("budget", await TranscriptAsync(RoundtableFactory.LenaEmail, roomId));
        Assert.Contains("not (or no longer)", await RefusalAsync(() => liam.InvokeAsync("UpvoteQuestion", roomId, id)));
        Assert.Contains("coach or an admin", await RefusalAsync(() => lena.InvokeAsync("ApproveQuestion", roomId, id)));

        await coach.InvokeAsync("ApproveQuestion", roomId, id);
        var approved = (QuestionApproved)(await liam.WaitForEventAsync(e => e.Event is QuestionApproved, "Liam got the approval")).Event;
        Assert.Equal((id, "<p>Why is the <strong>budget</strong> secret</p>", "Lena Learner", false),
            (approved.Question!.Id, approved.Question.Html, approved.Question.DisplayName, approved.Question.AwaitingReview));
        Assert.Contains("budget", await TranscriptAsync(RoundtableFactory.LiamEmail, roomId));
        await liam.InvokeAsync("UpvoteQuestion", roomId, id);
    }

    private static async Task<string> RefusalAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(call);
        return error.Message;
    }
}
