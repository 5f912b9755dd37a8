using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Roundtable.Core.Rooms;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>
/// Chat writers for fault drills: each posts messages with unique client ids, one after another, and records what it
/// was told about each (acknowledged with a seq, refused as "nothing was saved", or anything else: unknown).
/// <see cref="AuditAsync"/> then reads the room's log and checks every claim against it.
/// </summary>
public sealed class WriterLoad(IEndpoint node, string roomId, string run) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoomClient> _clients = [];
    private readonly List<Task> _loops = [];

    public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

    /// <summary>Refused with "nothing was saved": id → the message the sender saw.</summary>
    public ConcurrentDictionary<string, string> NotSaved { get; } = new();

    /// <summary>Any other failure (outcome unknown, connection lost): id → what the sender saw.</summary>
    public ConcurrentDictionary<string, string> Unknown { get; } = new();

    public async Task StartAsync(int writers, TimeSpan pause)
    {
        for (var w = 0; w < writers; w++)
        {
            var client = await RoomClient.ConnectAsync(node, Accounts.Learners[w % Accounts.Learners.Length], roomId, $"writer{w}");
            await client.JoinAsync();
            _clients.Add(client);
            var writer = w;
            _loops.Add(Task.Run(() => WriteAsync(client, writer, pause)));
        }
    }

    private async Task WriteAsync(RoomClient client, int writer, TimeSpan pause)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var id = $"{run}-w{writer}-{i}";
            try
            {
                Acknowledged[id] = (await client.PostAsync($"message {i} from writer {writer}", id)).Seq;
            }
            catch (HubException ex) when (ex.Message.Contains("nothing was saved", StringComparison.Ordinal))
            {
                NotSaved[id] = ex.Message;
            }
            catch (Exception ex)
            {
                Unknown[id] = ex.Message;
                if (client.State != Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected)
                {
                    return;
                }
            }
            // Pacing (a chat, not a flood), never a wait for a condition.
            await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Reads the room's messages from <paramref name="reader"/>'s node and checks: every acknowledged message is there
    /// with the seq it was acknowledged with, and no message whose sender was told "nothing was saved" is there.
    /// </summary>
    public async Task AuditAsync(IEndpoint reader)
    {
        await using var client = await RoomClient.ConnectAsync(reader, Accounts.Admin, roomId, "auditor");
        var stored = (await client.ReadLogAsync())
            .Where(e => e.Event is MessagePosted { ClientMessageId: { } id } && id.StartsWith(run, StringComparison.Ordinal))
            .GroupBy(e => ((MessagePosted)e.Event).ClientMessageId!)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Seq).ToList());
        var lost = Acknowledged.Where(a => !stored.TryGetValue(a.Key, out var seqs) || !seqs.Contains(a.Value)).Select(a => a.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged messages missing from the log, e.g. {string.Join(", ", lost.Take(5))}");
        var storedAnyway = NotSaved.Keys.Where(stored.ContainsKey).ToList();
        Assert.True(storedAnyway.Count == 0, $"{storedAnyway.Count} messages stored although their senders were told nothing was saved: {string.Join(", ", storedAnyway.Take(5))}");
        var twice = stored.Where(s => s.Value.Count > 1).Select(s => s.Key).ToList();
        Assert.True(twice.Count == 0, $"messages stored twice: {string.Join(", ", twice.Take(5))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
