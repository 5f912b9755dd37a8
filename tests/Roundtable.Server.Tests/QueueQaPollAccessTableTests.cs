using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Directory;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// Every speaking-queue, question and poll hub method, called by each kind of caller, in a room where there is
/// something to act on (a raised hand, a question, an open poll): allowed or refused, exactly. The same table is in docs/ACCESS.md.
/// </summary>
public sealed class QueueQaPollAccessTableTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    // Columns: admin, coach of this cohort, learner, manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "RaiseHand", Allow, Allow, Allow, Allow, Deny, Deny },
        { "LowerHand", Allow, Allow, Allow, Allow, Deny, Deny },
        { "GiveFloorToNext", Allow, Allow, Deny, Deny, Deny, Deny },
        { "GiveFloor", Allow, Allow, Deny, Deny, Deny, Deny },
        { "TakeFloor", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ClearQueue", Allow, Allow, Deny, Deny, Deny, Deny },
        { "AskQuestion", Allow, Allow, Allow, Allow, Deny, Deny },
        { "UpvoteQuestion", Allow, Allow, Allow, Allow, Deny, Deny },
        { "WithdrawQuestionUpvote", Allow, Allow, Allow, Allow, Deny, Deny },
        { "MarkQuestionAnswered", Allow, Allow, Deny, Deny, Deny, Deny },
        { "PinQuestion", Allow, Allow, Deny, Deny, Deny, Deny },
        { "DismissQuestion", Allow, Allow, Deny, Deny, Deny, Deny },
        { "SetQuestionReview", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ApproveQuestion", Allow, Allow, Deny, Deny, Deny, Deny },
        { "OpenPoll", Allow, Allow, Deny, Deny, Deny, Deny },
        { "VoteInPoll", Allow, Allow, Allow, Allow, Deny, Deny },
        { "ClosePoll", Allow, Allow, Deny, Deny, Deny, Deny },
        { "AnswerPoll", Allow, Allow, Allow, Allow, Deny, Deny },
        { "GetPollResults", Allow, Allow, Allow, Allow, Deny, Deny },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerIsAllowedOrRefusedExactly(string method, bool admin, bool coach, bool learner, bool manager, bool otherCohort, bool signedOut)
    {
        await AccessTable.AssertRowAsync(method, fixture.OtherCohortEmail, [admin, coach, learner, manager, otherCohort, signedOut],
            email => CallAsync(method, email));
    }

    private async Task<(bool Allowed, string Detail)> CallAsync(string method, string? email)
    {
        var server = fixture.Server;
        var roomId = await server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await lena.Connection.InvokeAsync("RaiseHand", roomId);
        var questionId = await lena.Connection.InvokeAsync<long>("AskQuestion", roomId, "A question?", false);
        var pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("Q?", ["a", "b"], false, false));
        if (method == "AnswerPoll")
        {
            pollId = await coach.Connection.InvokeAsync<long>("OpenPoll", roomId, new OpenPollRequest("In a word?", null, false, false, PollKind.Text));
        }
        return await AccessTable.CallInRoomAsync(server, roomId, email, c => Invoke(c, method, roomId, questionId, pollId));
    }

    private Task Invoke(HubConnection c, string method, string roomId, long questionId, long pollId) => method switch
    {
        "GiveFloor" => c.InvokeAsync(method, roomId, fixture.LenaId),
        "AskQuestion" => c.InvokeAsync<long>(method, roomId, "Mine?", true),
        "UpvoteQuestion" or "WithdrawQuestionUpvote" or "MarkQuestionAnswered" or "DismissQuestion" or "ApproveQuestion" => c.InvokeAsync(method, roomId, questionId),
        "SetQuestionReview" => c.InvokeAsync(method, roomId, true),
        "PinQuestion" => c.InvokeAsync(method, roomId, questionId, true),
        "OpenPoll" => c.InvokeAsync<long>(method, roomId, new OpenPollRequest("Another?", ["x", "y"], true, true)),
        "VoteInPoll" => c.InvokeAsync<PollVoteResult>(method, roomId, pollId, new[] { 1 }),
        "ClosePoll" or "GetPollResults" => c.InvokeAsync(method, roomId, pollId),
        "AnswerPoll" => c.InvokeAsync<PollVoteResult>(method, roomId, pollId, "Clear goals"),
        _ => c.InvokeAsync(method, roomId),
    };
}

public sealed class QueueQaPollAccessFixture : IAsyncLifetime
{
    public RoundtableFactory Server { get; private set; } = null!;

    public string OtherCohortEmail { get; } = $"other-{Guid.NewGuid():N}@example.com";

    public string LenaId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await new RoundtableFactory().StartAsync();
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        using var program = await admin.PostAsJsonAsync("/api/programs", new { name = "Other program", description = "" });
        var programId = (await program.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!.Id;
        using var cohort = await admin.PostAsJsonAsync($"/api/programs/{programId}/cohorts", new { name = "Other cohort" });
        var cohortId = (await cohort.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
        await Server.NewUserAsync(OtherCohortEmail, cohortId, CohortRole.Learner);
        var lena = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail));
        await using (lena)
        {
            var (_, liveRoomId) = await Server.SeededCohortAsync();
            LenaId = (await lena.JoinAsync(liveRoomId)).UserId;
            await lena.Connection.InvokeAsync("Leave", liveRoomId);
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
