using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Roundtable.Server.Tests;

/// <summary>One row of an access table: a hub method called as each kind of caller, allowed or refused exactly.</summary>
internal static class AccessTable
{
    /// <summary>
    /// An HTTP access table as theory cases: for each row (an operation and the status each caller gets, in the order of
    /// <typeparamref name="TCaller"/>), one case per caller.
    /// </summary>
    public static TheoryData<string, TCaller, int> Cases<TCaller>(IEnumerable<(string Operation, int[] Statuses)> rows) where TCaller : struct, Enum
    {
        var data = new TheoryData<string, TCaller, int>();
        foreach (var (operation, statuses) in rows)
        {
            for (var i = 0; i < statuses.Length; i++)
            {
                data.Add(operation, (TCaller)Enum.ToObject(typeof(TCaller), i), statuses[i]);
            }
        }
        return data;
    }

    /// <param name="expected">Admin, coach of this cohort, learner, manager, member of another cohort, signed out.</param>
    public static async Task AssertRowAsync(string method, string otherCohortEmail, bool[] expected, Func<string?, Task<(bool Allowed, string Detail)>> call)
    {
        string?[] callers =
        [
            RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail,
            RoundtableFactory.ManagerEmail, otherCohortEmail, null,
        ];
        for (var i = 0; i < callers.Length; i++)
        {
            var outcome = await call(callers[i]);
            Assert.True(expected[i] == outcome.Allowed,
                $"{method} as {callers[i] ?? "signed out"}: expected {(expected[i] ? "allowed" : "refused")}, was {outcome.Detail}");
        }
    }

    /// <summary>
    /// Calls a hub method in a room as one caller: signed out (the connection itself is refused), or connected and
    /// joined where they may join (outsiders may still try the method directly). A refusal must store nothing in the
    /// room beyond the caller's own join, pass <paramref name="assertUnchanged"/>, and leave the connection working.
    /// </summary>
    public static async Task<(bool Allowed, string Detail)> CallInRoomAsync(
        RoundtableFactory server, string roomId, string? email, Func<HubConnection, Task> invoke, Action? assertUnchanged = null)
    {
        if (email is null)
        {
            await using var anonymous = RoomClient.Build(server, null);
            try
            {
                await anonymous.StartAsync();
                await invoke(anonymous);
                return (true, "allowed");
            }
            catch (Exception ex)
            {
                return (false, ex.Message);
            }
        }

        await using var caller = await RoomClient.ConnectAsync(server, await server.TokenAsync(email));
        try
        {
            await caller.JoinAsync(roomId);
        }
        catch (HubException)
        {
            // Outsiders cannot join; they may still try the method directly.
        }
        var before = await LogReader.RoomVersionAsync(server, roomId);
        try
        {
            await invoke(caller.Connection);
            return (true, $"allowed ({await LogReader.RoomVersionAsync(server, roomId) - before} events)");
        }
        catch (HubException ex)
        {
            Assert.Equal(before, await LogReader.RoomVersionAsync(server, roomId));
            assertUnchanged?.Invoke();
            await caller.Connection.InvokeAsync<string>("PreviewMarkdown", "still here");
            return (false, ex.Message);
        }
    }
}
