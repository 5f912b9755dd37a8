using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// The feedback hub methods, called by each kind of caller on a fresh presentation by Lena with feedback open (or not
/// yet, for OpenFeedback; closed, for WriteReflection) and one peer submission by Noor: allowed or refused, exactly.
/// What only the presenter may do (rate, flag, reflect) is refused to all six; the presenter is tested in FeedbackHubTests.
/// </summary>
public sealed class FeedbackAccessTableTests(QueueQaPollAccessFixture fixture) : IClassFixture<QueueQaPollAccessFixture>
{
    private const bool Allow = true;
    private const bool Deny = false;

    // Columns: admin, coach of this cohort, learner (Liam, in the room), manager, member of another cohort, signed out.
    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Table => new()
    {
        { "OpenFeedback", Allow, Allow, Deny, Deny, Deny, Deny },
        { "SubmitFeedback", Allow, Allow, Allow, Deny, Deny, Deny },
        { "CloseFeedback", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ReleaseFeedback", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ModerateFeedback", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ApproveFeedback", Allow, Allow, Deny, Deny, Deny, Deny },
        { "ShowFeedbackOnStage", Allow, Allow, Deny, Deny, Deny, Deny },
        { "RateFeedback", Deny, Deny, Deny, Deny, Deny, Deny },
        { "FlagFeedback", Deny, Deny, Deny, Deny, Deny, Deny },
        { "WriteReflection", Deny, Deny, Deny, Deny, Deny, Deny },
    };

    private string? _rubricId;

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerIsAllowedOrRefusedExactly(string method, bool admin, bool coach, bool learner, bool manager, bool otherCohort, bool signedOut)
    {
        await AccessTable.AssertRowAsync(method, fixture.OtherCohortEmail, [admin, coach, learner, manager, otherCohort, signedOut],
            email => CallAsync(method, email));
    }

    private async Task<string> RubricIdAsync()
    {
        if (_rubricId is not null)
        {
            return _rubricId;
        }
        var (cohortId, _) = await fixture.Server.SeededCohortAsync();
        using var coach = await fixture.Server.ClientAsAsync(RoundtableFactory.CoachEmail);
        var cohort = await coach.GetFromJsonAsync<CohortDto>($"/api/cohorts/{cohortId}", Json.Options);
        var rubrics = await coach.GetFromJsonAsync<JsonElement>($"/api/programs/{cohort!.ProgramId}/rubrics", Json.Options);
        return _rubricId = rubrics.EnumerateArray().First().GetProperty("rubric").GetProperty("rubricId").GetString()!;
    }

    private async Task<(bool Allowed, string Detail)> CallAsync(string method, string? email)
    {
        var server = fixture.Server;
        var rubricId = await RubricIdAsync();
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(server);
        await using var _ = coach;
        await using var lena = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var noor = await RoomClient.JoinAsync(server, await server.TokenAsync(RoundtableFactory.NoorEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, fixture.LenaId, 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        var scores = server.Get<Feedback.RubricCatalog>().Latest(rubricId)!.Criteria.ToDictionary(c => c.Id, _ => 3);
        long submissionId = 0;
        if (method != "OpenFeedback")
        {
            await coach.Connection.InvokeAsync("OpenFeedback", roomId, new OpenFeedbackRequest("presentation-1", rubricId, FeedbackAnonymity.Named, null,
                method == "ApproveFeedback" ? FeedbackModeration.HeldForReview : null));
            submissionId = (await noor.Connection.InvokeAsync<FeedbackReceipt>("SubmitFeedback", roomId,
                new SubmitFeedbackRequest("presentation-1", scores, new() { ["what-worked"] = "Clear" }))).SubmissionId;
        }
        if (method == "WriteReflection")
        {
            await coach.Connection.InvokeAsync("CloseFeedback", roomId, "presentation-1");
        }

        await using var caller = email is null ? null : await RoomClient.ConnectAsync(server, await server.TokenAsync(email));
        var connection = caller?.Connection ?? RoomClient.Build(server, null);
        try
        {
            if (caller is null)
            {
                try
                {
                    await connection.StartAsync();
                }
                catch (HttpRequestException ex)
                {
                    return (false, ex.Message);
                }
            }
            else
            {
                try
                {
                    await caller.JoinAsync(roomId);
                }
                catch (HubException)
                {
                    // Outsiders cannot join; they may still try the method directly.
                }
            }
            var before = await LogReader.RoomVersionAsync(server, roomId);
            try
            {
                await Invoke(connection, method, roomId, rubricId, scores, submissionId);
                return (true, "allowed");
            }
            catch (Exception ex)
            {
                // A refusal stores nothing.
                Assert.Equal(before, await LogReader.RoomVersionAsync(server, roomId));
                return (false, ex.Message);
            }
        }
        finally
        {
            if (caller is null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static Task Invoke(HubConnection c, string method, string roomId, string rubricId, Dictionary<string, int> scores, long submissionId) => method switch
    {
        "OpenFeedback" => c.InvokeAsync(method, roomId, new OpenFeedbackRequest("presentation-1", rubricId, FeedbackAnonymity.Named, null)),
        "SubmitFeedback" => c.InvokeAsync<FeedbackReceipt>(method, roomId, new SubmitFeedbackRequest("presentation-1", scores, null)),
        "RateFeedback" => c.InvokeAsync(method, roomId, "presentation-1", submissionId, 3),
        "FlagFeedback" => c.InvokeAsync(method, roomId, "presentation-1", submissionId, "Unkind"),
        "ModerateFeedback" => c.InvokeAsync(method, roomId, "presentation-1", submissionId, true),
        "ApproveFeedback" => c.InvokeAsync(method, roomId, "presentation-1", new[] { submissionId }),
        "ShowFeedbackOnStage" => c.InvokeAsync(method, roomId, "presentation-1", true),
        "WriteReflection" => c.InvokeAsync(method, roomId, "presentation-1", "Learned a lot"),
        _ => c.InvokeAsync(method, roomId, "presentation-1"),
    };
}
