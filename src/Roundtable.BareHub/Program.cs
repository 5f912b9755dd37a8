using Microsoft.AspNetCore.SignalR;

// The practical limit of this hardware: a SignalR hub that only broadcasts to a group. No sign-in, no log, no
// storage. The load tool runs the same scenario against it and against Roundtable and prints the ratio.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);
builder.Services.AddSingleton<GroupCounters>();
var app = builder.Build();
app.MapGet("/health/ready", () => "ready");
app.MapHub<BareHub>("/hubs/bare");
app.Run();

/// <summary>Join a group; send to it. Each message gets a per-group number so the tool can count losses.</summary>
public sealed class BareHub(GroupCounters counters) : Hub
{
    public Task Join(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);

    public Task<long> Send(string room, string payload)
    {
        var seq = counters.Next(room);
        return Clients.Group(room).SendAsync("Message", room, seq, payload).ContinueWith(_ => seq, TaskScheduler.Default);
    }
}

public sealed class GroupCounters
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Runtime.CompilerServices.StrongBox<long>> _counters = new();

    public long Next(string room) => Interlocked.Increment(ref _counters.GetOrAdd(room, _ => new(0)).Value!);
}
