using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>Every moderation hub method × every kind of caller, with the exact outcome (also in docs/ACCESS.md).</summary>
public sealed class ModerationAccessTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Allowed = "allowed";
    private const string StaffOnly = "Only a coach or an admin can moderate this roundtable.";
    private const string NotMember = "You are not a member of this roundtable's cohort.";
    private const string SignedOut = "cannot connect (401)";

    private RoundtableFactory Server => fixture.Server;

    public static readonly string[] Methods =
    [
        "MuteParticipant", "UnmuteParticipant", "RemoveParticipant", "ReadmitParticipant", "HideMessage", "UnhideMessage",
        "PinMessage", "UnpinMessage", "LockRoom", "UnlockRoom", "AdmitParticipant", "DeclineParticipant", "SetLearnerChat",
        "SetNotesEditing", "AskToJoin",
    ];

    public static readonly string[] Callers = ["admin", "coach", "learner", "manager", "other cohort", "signed out"];

    public static TheoryData<string, string, string> Table()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var method in Methods)
        {
            foreach (var caller in Callers)
            {
                data.Add(method, caller, Expected(method, caller));
            }
        }
        return data;
    }

    private static string Expected(string method, string caller) => caller switch
    {
        "signed out" => SignedOut,
        "other cohort" => NotMember,
        "admin" or "coach" => Allowed,
        _ => method == "AskToJoin" ? Allowed : StaffOnly,
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task EachCallerGetsExactlyTheExpectedOutcome(string method, string caller, string expected)
    {
        // A room with Liam present and a message of his, locked, with Theo waiting. Lena (the learner column) and the
        // manager were in before the lock, so the lock lets them in and only their role decides.
        var roomId = await Server.NewRoundtableAsync();
        await using var coach = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.CoachEmail), roomId);
        await using var liam = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LiamEmail), roomId);
        await using var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await using var manager = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.ManagerEmail), roomId);
        var message = await liam.PostAsync("a message");
        await coach.Connection.InvokeAsync("LockRoom", roomId);
        await using var theo = await RoomClient.ConnectAsync(Server, await Server.TokenAsync(RoundtableFactory.TheoEmail));
        await theo.Connection.InvokeAsync<AskToJoinResult>("AskToJoin", roomId);
        var liamId = liam.Joined!.UserId;
        var theoId = await UserIdAsync(RoundtableFactory.TheoEmail);

        object?[] args = method switch
        {
            "MuteParticipant" or "UnmuteParticipant" or "RemoveParticipant" or "ReadmitParticipant" => [roomId, liamId],
            "AdmitParticipant" or "DeclineParticipant" => [roomId, theoId],
            "HideMessage" or "UnhideMessage" or "PinMessage" or "UnpinMessage" => [roomId, message.Seq],
            "SetLearnerChat" or "SetNotesEditing" => [roomId, false],
            _ => [roomId],
        };

        Assert.Equal(expected, await OutcomeAsync(caller, method, args));
    }

    private async Task<string> OutcomeAsync(string caller, string method, object?[] args)
    {
        string? token = caller switch
        {
            "admin" => await Server.TokenAsync(RoundtableFactory.AdminEmail),
            "coach" => await Server.TokenAsync(RoundtableFactory.CoachEmail),
            "learner" => await Server.TokenAsync(RoundtableFactory.LenaEmail),
            "manager" => await Server.TokenAsync(RoundtableFactory.ManagerEmail),
            "other cohort" => await OtherCohortTokenAsync(),
            _ => null,
        };
        await using var connection = RoomClient.Build(Server, token);
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return SignedOut;
        }
        try
        {
            await connection.InvokeCoreAsync(method, args);
            return Allowed;
        }
        catch (HubException ex)
        {
            return ex.Message.Replace("An unexpected error occurred invoking '" + method + "' on the server. HubException: ", "");
        }
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        var me = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Roundtable.Server.Accounts.UserDto>(client, "/api/me", Json.Options);
        return me!.Id;
    }

    /// <summary>Someone signed in who is not in this room's cohort.</summary>
    private async Task<string> OtherCohortTokenAsync()
    {
        var email = $"other-{Guid.NewGuid():N}@example.org";
        await Server.NewUserAsync(email);
        return await Server.TokenAsync(email);
    }
}
