using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

/// <summary>A room nobody uses leaves the node's memory, and comes back from the log, whole, when it is used again.</summary>
public sealed class IdleRoomReleaseTests
{
    [Fact]
    public async Task AnEndedRoomUnusedForTheRetentionLeavesMemoryAndIsFoldedAnewFromTheLogWhenReadAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await new RoundtableFactory(time: clock).StartAsync();
        var runner = server.Get<RoomCommandRunner>();
        var retention = server.Get<IOptions<RoomsOptions>>().Value.IdleStateRetention;
        var coachToken = await server.TokenAsync(RoundtableFactory.CoachEmail);
        var lenaToken = await server.TokenAsync(RoundtableFactory.LenaEmail);
        using var coachHttp = server.ClientWithToken(coachToken);
        Task<string> TranscriptAsync(string roomId) => coachHttp.GetStringAsync($"/api/roundtables/{roomId}/transcript?format=markdown");

        // Two sessions held and ended, and one still live; everyone stays connected, so no leave moves any of them.
        List<RoomClient> clients = [];
        async Task<string> HoldAsync(string title, bool end)
        {
            var roomId = await server.NewRoundtableAsync(title);
            var coach = await RoomClient.JoinAsync(server, coachToken, roomId);
            var lena = await RoomClient.JoinAsync(server, lenaToken, roomId);
            clients.AddRange([coach, lena]);
            await coach.Connection.InvokeAsync("StartRoundtable", roomId);
            await lena.PostAsync($"first point in {title}");
            await lena.PostAsync($"second point in {title}");
            if (end)
            {
                await coach.Connection.InvokeAsync("EndRoundtable", roomId);
            }
            return roomId;
        }
        try
        {
            var idle = await HoldAsync("Left alone", end: true);
            var lookedBack = await HoldAsync("Looked back at", end: true);
            var live = await HoldAsync("Still live", end: false);
            var db = server.Get<RoundtableDb>();
            await Eventually.UntilAsync(() => db.Roundtables.FindById(idle).Status == RoomStatus.Ended && db.Roundtables.FindById(lookedBack).Status == RoomStatus.Ended,
                "the directory has both sessions ended");
            var transcriptBefore = await TranscriptAsync(idle);
            Assert.Contains("second point in Left alone", transcriptBefore);

            clock.Advance(retention - TimeSpan.FromMinutes(1));
            await TranscriptAsync(lookedBack);
            clock.Advance(TimeSpan.FromMinutes(2));

            await Eventually.UntilAsync(() => !runner.Holds(idle), "the ended room nobody used for the retention is let go");
            Assert.True(runner.Holds(lookedBack), "An ended room read within the retention stays in memory.");
            Assert.True(runner.Holds(live), "A room still open stays in memory.");

            // Read again, it comes back from the log whole.
            Assert.Equal(transcriptBefore, await TranscriptAsync(idle));
            Assert.True(runner.Holds(idle));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RoomsLetGoWhileFourPeopleWriteLoseAndRepeatNothing()
    {
        // Every room not in use at the moment of a sweep is let go (open or not: the gate is what is tested), and sweeps
        // run back to back meanwhile.
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string> { ["Rooms:IdleStateRetention"] = "00:00:00" }).StartAsync();
        var runner = server.Get<RoomCommandRunner>();
        var roomId = await server.NewRoundtableAsync("Swept while busy");
        string[] emails = [RoundtableFactory.LenaEmail, RoundtableFactory.LiamEmail, RoundtableFactory.NoorEmail, RoundtableFactory.TheoEmail];
        var writers = new List<RoomClient>();
        foreach (var email in emails)
        {
            writers.Add(await RoomClient.JoinAsync(server, await server.TokenAsync(email), roomId));
        }
        using var stop = new CancellationTokenSource();
        var released = 0;
        var sweeping = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                released += runner.ReleaseIdleRooms(_ => true);
                await Task.Delay(1);
            }
        });
        const int Each = 40;
        try
        {
            await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
            {
                for (var i = 0; i < Each; i++)
                {
                    await writer.PostAsync($"writer {w} message {i}");
                }
            })));
        }
        finally
        {
            await stop.CancelAsync();
            await sweeping;
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }

        Assert.True(released > 0, "The sweeps let the room go at least once while it was written to.");
        var log = await LogReader.RoomEventsAsync(server, roomId);
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Seq));
        var posted = log.Select(e => e.Event).OfType<MessagePosted>().Select(m => m.Markdown).ToList();
        Assert.Equal(emails.Length * Each, posted.Count);
        Assert.Equal(posted.Count, posted.Distinct().Count());
    }
}
