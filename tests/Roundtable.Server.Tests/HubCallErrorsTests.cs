using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Roundtable.Server.Notifications;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>
/// A malformed hub call gets a refusal that names what was wrong (which argument or field, what it must be, what came),
/// never only "Failed to invoke ... due to an error on the server", and no server internals. A frame of an unknown
/// message type closes the connection with an error instead of leaving it open and deaf. Both hubs.
/// </summary>
public sealed class HubCallErrorsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    public static TheoryData<string, object?[], string> WrongTypes => new()
    {
        { "Catchup", ["{room}", "seven"], "Catchup: afterSeq must be a whole number, not text." },
        { "Catchup", ["{room}", 1.5], "Catchup: afterSeq must be a whole number, not 1.5." },
        { "HideMessage", ["{room}", true], "HideMessage: seq must be a whole number, not true." },
        { "SetLearnerChat", ["{room}", "yes"], "SetLearnerChat: allowed must be true or false, not text." },
        { "Catchup", [42, 0], "Catchup: roomId must be text, not 42." },
        { "ShowSlide", ["{room}", 3_000_000_000L], "ShowSlide: index must be a whole number from -2147483648 to 2147483647, not 3000000000." },
        { "PostMessage", [new { roomId = "{room}", markdown = 5 }], "PostMessage: request.markdown must be text, not 5." },
        { "PostMessage", ["{room}"], "PostMessage: request must be an object, not text." },
        { "OpenBreakouts", ["{room}", new { strategy = "Sideways", groupCount = 2, minutes = 5 }],
            "OpenBreakouts: request.strategy must be one of Random, Manual, Choose, Matching (or null), not 'Sideways'." },
        { "VoteInPoll", ["{room}", 1, new object[] { "first" }], "VoteInPoll: choices[0] must be a whole number from -2147483648 to 2147483647, not text." },
        { "SubmitFeedback", ["{room}", new { presentationId = "p", scores = new { clarity = "great" } }],
            "SubmitFeedback: request.scores.clarity must be a whole number from -2147483648 to 2147483647, not text." },
    };

    public static TheoryData<string, object?[], string> Nulls => new()
    {
        { "Catchup", ["{room}", null], "Catchup: afterSeq must be a whole number, not null." },
        { "VoteInPoll", ["{room}", null, new[] { 0 }], "VoteInPoll: pollId must be a whole number, not null." },
        { "SetNotesEditing", ["{room}", null], "SetNotesEditing: allowed must be true or false, not null." },
        { "SubmitFeedback", ["{room}", new { presentationId = "p", scores = new { clarity = (int?)null } }],
            "SubmitFeedback: request.scores.clarity must be a whole number from -2147483648 to 2147483647, not null." },
        { "Join", [null], "Malformed join request: give roomId and protocolVersion; this server speaks room protocol 1. Reload the page." },
        { "PostMessage", [null], "Malformed message: give roomId and markdown." },
        { "Catchup", [null, 0], "Say which roundtable: give its roomId." },
    };

    public static TheoryData<string, object?[], string> MissingFields => new()
    {
        { "Join", [new { roomId = "{room}" }], "Malformed join request: give roomId and protocolVersion; this server speaks room protocol 1. Reload the page." },
        { "Join", [new { protocolVersion = 1 }], "Say which roundtable: give its roomId." },
        { "PostMessage", [new { roomId = "{room}" }], "Malformed message: give roomId and markdown." },
        { "OpenPoll", ["{room}", new { question = "Which?" }], "Malformed poll: give a question and a list of options." },
        { "SubmitFeedback", ["{room}", new { presentationId = "p" }], "Malformed feedback: give presentationId and a score for each criterion." },
        { "OpenBreakouts", ["{room}", new { groupCount = 2, minutes = 5 }],
            "Malformed request: give strategy (Random, Manual, Choose or Matching), groupCount and minutes, for Matching optionally goal (Complementary or SharedWants), and optionally the groups' names (at most one per group)." },
    };

    public static TheoryData<string, object?[], string> WrongCounts => new()
    {
        { "Catchup", ["{room}"], "Catchup takes 2 arguments (roomId, afterSeq); this call gave 1." },
        { "RaiseHand", ["{room}", 1, 2], "RaiseHand takes 1 argument (roomId); this call gave 3." },
        { "EditSharedNote", [], "EditSharedNote takes 3 arguments (roomId, baseVersion, markdown); this call gave 0." },
        { "Join", [new { roomId = "{room}", protocolVersion = 1 }, "extra"], "Join takes 1 argument (request); this call gave 2." },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public Task AnArgumentOfTheWrongTypeIsNamed(string method, object?[] args, string expected) => AssertRefusedAsync(method, args, expected);

    [Theory]
    [MemberData(nameof(Nulls))]
    public Task ANullWhereAValueIsNeededIsNamed(string method, object?[] args, string expected) => AssertRefusedAsync(method, args, expected);

    [Theory]
    [MemberData(nameof(MissingFields))]
    public Task AMissingFieldIsNamed(string method, object?[] args, string expected) => AssertRefusedAsync(method, args, expected);

    [Theory]
    [MemberData(nameof(WrongCounts))]
    public Task TheWrongNumberOfArgumentsIsNamedWithTheParameters(string method, object?[] args, string expected) => AssertRefusedAsync(method, args, expected);

    [Fact]
    public async Task AnUnknownMethodIsNamedOnBothHubs()
    {
        await using var room = await ConnectAsync(RoomsPaths.Hub);
        var ex = await Assert.ThrowsAsync<HubException>(() => room.InvokeCoreAsync("Teleport", [1]));
        Assert.Equal("Unknown hub method 'Teleport'", ex.Message);

        // The notifications hub only listens: every call is to a method it does not have.
        await using var notifications = await ConnectAsync(NotificationsHub.Path);
        ex = await Assert.ThrowsAsync<HubException>(() => notifications.InvokeCoreAsync("MarkRead", ["x", 1]));
        Assert.Equal("Unknown hub method 'MarkRead'", ex.Message);
    }

    [Theory]
    [InlineData(RoomsPaths.Hub)]
    [InlineData(NotificationsHub.Path)]
    public async Task AFrameOfAnUnknownMessageTypeClosesTheConnectionWithAnError(string path)
    {
        var token = await Server.TokenAsync(RoundtableFactory.LenaEmail);
        var client = Server.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
        using var socket = await client.ConnectAsync(new Uri(Server.Server.BaseAddress, path.TrimStart('/')).ToWs(), CancellationToken.None);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        Assert.Equal("{}", Assert.Single(await ReceiveFramesAsync(socket, until: _ => true)));

        await SendAsync(socket, """{"type":99,"target":"Anything"}""");

        var frames = await ReceiveFramesAsync(socket, until: f => f.Contains("\"type\":7", StringComparison.Ordinal));
        using var close = JsonDocument.Parse(frames[^1]);
        Assert.Equal(7, close.RootElement.GetProperty("type").GetInt32());
        Assert.False(string.IsNullOrEmpty(close.RootElement.GetProperty("error").GetString()));
        Assert.DoesNotContain("   at ", frames[^1]);
        // And the socket itself is closed by the server.
        using var timeout = new CancellationTokenSource(RoomClient.Timeout);
        var end = await socket.ReceiveAsync(new byte[256], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, end.MessageType);
    }

    [Fact]
    public async Task RefusalsAndBadCallsAreNotLoggedAsErrors()
    {
        var logs = new CapturingLoggerProvider();
        Server.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await using var room = await ConnectAsync(RoomsPaths.Hub);
        var roomId = await Server.NewRoundtableAsync();
        for (var i = 0; i < 5; i++)
        {
            // A plain refusal (not a member of... a room that does not exist), a wrong type, a wrong count.
            await Assert.ThrowsAsync<HubException>(() => room.InvokeCoreAsync("LockRoom", ["0123456789abcdef0123456789abcdef"]));
            await Assert.ThrowsAsync<HubException>(() => room.InvokeCoreAsync("Catchup", [roomId, "seven"]));
            await Assert.ThrowsAsync<HubException>(() => room.InvokeCoreAsync("RaiseHand", []));
        }
        await room.InvokeAsync<string>("PreviewMarkdown", "still here");
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
    }

    private async Task AssertRefusedAsync(string method, object?[] args, string expected)
    {
        var roomId = await Server.NewRoundtableAsync();
        await using var connection = await ConnectAsync(RoomsPaths.Hub);
        var resolved = args.Select(a => Resolve(a, roomId)).ToArray();

        var ex = await Assert.ThrowsAsync<HubException>(() => connection.InvokeCoreAsync(method, resolved));

        Assert.Equal($"An unexpected error occurred invoking '{method}' on the server. HubException: {expected}", ex.Message);
        Assert.DoesNotContain("System.", ex.Message);
        // The connection is still good for the next call.
        Assert.Contains("ok", await connection.InvokeAsync<string>("PreviewMarkdown", "ok"));
    }

    /// <summary>Puts the test's room id where an argument (or a field of one) says "{room}".</summary>
    private static object? Resolve(object? argument, string roomId) => argument switch
    {
        "{room}" => roomId,
        null or string or int or long or double or bool or Array => argument,
        _ => JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(argument).Replace("{room}", roomId)),
    };

    private async Task<HubConnection> ConnectAsync(string path)
    {
        var connection = RoomClient.Build(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), path);
        await connection.StartAsync();
        return connection;
    }

    private static Task SendAsync(WebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Reads JSON-protocol frames (separated by 0x1E) until one matches, or fails after the timeout.</summary>
    private static async Task<List<string>> ReceiveFramesAsync(WebSocket socket, Func<string, bool> until)
    {
        using var timeout = new CancellationTokenSource(RoomClient.Timeout);
        var frames = new List<string>();
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            var text = pending.ToString();
            var end = text.LastIndexOf('\u001e');
            if (end < 0)
            {
                continue;
            }
            pending.Clear().Append(text[(end + 1)..]);
            foreach (var frame in text[..end].Split('\u001e'))
            {
                frames.Add(frame);
                if (until(frame))
                {
                    return frames;
                }
            }
        }
    }
}

internal static class UriExtensions
{
    public static Uri ToWs(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
}

/// <summary>Every log entry the server writes from the moment it is added (after the host's filters).</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
