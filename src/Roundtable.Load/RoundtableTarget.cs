using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Roundtable.Load;

/// <summary>
/// Roundtable through its public surface only: the admin signs in and creates a program, a cohort, learners and
/// roundtables over the HTTP API; each participant signs in for a bearer token and joins over the hub.
/// </summary>
internal sealed class RoundtableTarget(LoadOptions options) : IChatTarget
{
    // The server's password policy refuses one that contains the person's name ("Load 3"), so this one does not.
    private const string UserPassword = "quartz meadow lantern";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http = new() { BaseAddress = options.Urls[0], Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss") + Random.Shared.Next(1000, 9999);
    private readonly List<string> _roomIds = [];
    private readonly List<string> _tokens = [];
    private readonly List<string> _userIds = [];
    private string _cohortId = "";
    private string _adminToken = "";

    public string Name => options.Urls.Count == 1 ? "Roundtable" : $"Roundtable ({options.Urls.Count} nodes)";

    public IReadOnlyList<string> RoomIds => _roomIds;

    /// <summary>The program the rooms' cohort belongs to.</summary>
    public string ProgramId { get; private set; } = "";

    /// <summary>The learners' user ids and bearer tokens, one per seat in a room, in the same order.</summary>
    public IReadOnlyList<string> UserIds => _userIds;

    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The admin's bearer token: the admin facilitates every room (as a coach does).</summary>
    public string AdminToken => _adminToken;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var admin = _adminToken = await TokenAsync(options.AdminEmail, options.AdminPassword, cancellationToken);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var program = await PostAsync("/api/programs", new { name = $"Load run {_runId}" }, cancellationToken);
        ProgramId = program.GetProperty("id").GetString()!;
        var cohort = await PostAsync($"/api/programs/{ProgramId}/cohorts", new { name = "Load cohort" }, cancellationToken);
        var cohortId = _cohortId = cohort.GetProperty("id").GetString()!;

        // One account per seat in a room; the same people sit in every room.
        for (var u = 0; u < options.RoomSize; u++)
        {
            var email = $"load-{_runId}-{u}@load.test";
            var user = await PostAsync("/api/users", new { email, displayName = $"Load {u}", password = UserPassword, isAdmin = false }, cancellationToken);
            var userId = user.GetProperty("id").GetString()!;
            using var member = await WriteAsync(HttpMethod.Put, $"/api/cohorts/{cohortId}/members/{userId}", new { role = "Learner" }, cancellationToken);
            member.EnsureSuccessStatusCode();
            _userIds.Add(userId);
            _tokens.Add(await TokenAsync(email, UserPassword, cancellationToken));
        }

        for (var r = 0; r < options.Rooms; r++)
        {
            var room = await PostAsync($"/api/cohorts/{cohortId}/roundtables",
                new { title = $"Load room {r}", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 }, cancellationToken);
            _roomIds.Add(room.GetProperty("id").GetString()!);
        }
        await using var facilitator = Connect(options.Urls[0], admin);
        await facilitator.StartAsync(cancellationToken);
        foreach (var roomId in _roomIds)
        {
            await facilitator.InvokeAsync("StartRoundtable", roomId, cancellationToken);
            // Commands are limited per person (Limits:CommandsPerSecond, 20 by default); stay well under it.
            await Task.Delay(105, cancellationToken);
        }
    }

    public async Task<IChatClient> ConnectAsync(int index, int room, Action<Delivery> onDelivery, CancellationToken cancellationToken)
    {
        var roomId = _roomIds[room];
        var (connection, joined) = await JoinAsync(options.Urls[index % options.Urls.Count], _tokens[index % options.RoomSize], roomId, connection =>
            connection.On<List<ChatEnvelope>>("RoomEvents", envelopes =>
            {
                foreach (var envelope in envelopes)
                {
                    if (envelope.RoomId == roomId)
                    {
                        onDelivery(new Delivery(envelope.Seq, envelope.Event.Type == "MessagePosted" ? envelope.Event.Markdown : null));
                    }
                }
            }), cancellationToken);
        return new Client(connection, room, roomId, joined.GetProperty("snapshot").GetProperty("seq").GetInt64());
    }

    /// <summary>
    /// A connection as <paramref name="token"/>'s holder, with handlers added by <paramref name="subscribe"/> before it
    /// starts (so nothing sent after the join is missed), joined to <paramref name="roomId"/>; returns the join's result.
    /// </summary>
    internal static async Task<(HubConnection Connection, JsonElement Joined)> JoinAsync(
        Uri node, string token, string roomId, Action<HubConnection> subscribe, CancellationToken cancellationToken)
    {
        var connection = Connect(node, token);
        subscribe(connection);
        try
        {
            await connection.StartAsync(cancellationToken);
            return (connection, await connection.InvokeAsync<JsonElement>("Join", new { roomId, protocolVersion = 1 }, cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } || (ex is WebSocketException && ex.Message.Contains("429")))
        {
            await connection.DisposeAsync();
            // Each account sits in every room: an account holds as many connections as there are rooms.
            throw new InvalidOperationException(
                "The server refused a connection with 429: the tool's accounts hold more connections each than Limits:ConnectionsPerUser allows. " +
                "Start the server with the per-person limits raised (see README: the load tool).", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Fills a fresh room with <paramref name="messages"/> messages (each writer paced at 9 a second), then
    /// times a new connection's full catch-up from seq 0. Returns the events read and the milliseconds taken.
    /// </summary>
    public async Task<(int Events, double Milliseconds)> MeasureCatchupAsync(int messages, CancellationToken cancellationToken)
    {
        var room = await PostAsync($"/api/cohorts/{_cohortId}/roundtables",
            new { title = "Catch-up room", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 }, cancellationToken);
        var roomId = room.GetProperty("id").GetString()!;
        const int writers = 50;
        var clients = new List<HubConnection>();
        for (var w = 0; w < writers; w++)
        {
            var connection = Connect(options.Urls[0], _tokens[w % _tokens.Count]);
            await connection.StartAsync(cancellationToken);
            await connection.InvokeAsync<JsonElement>("Join", new { roomId, protocolVersion = 1 }, cancellationToken);
            clients.Add(connection);
        }
        await Task.WhenAll(clients.Select(async (connection, w) =>
        {
            for (var n = w; n < messages; n += writers)
            {
                await connection.InvokeAsync<JsonElement>("PostMessage", new { roomId, markdown = $"catch-up filler {n}", clientMessageId = $"fill-{n}" }, cancellationToken);
                await Task.Delay(110, cancellationToken);
            }
        }));

        await using var reader = Connect(options.Urls[0], _adminToken);
        await reader.StartAsync(cancellationToken);
        await reader.InvokeAsync<JsonElement>("Catchup", roomId, 0L, cancellationToken); // warm the path once
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var events = 0;
        long after = 0;
        while (true)
        {
            var page = await reader.InvokeAsync<JsonElement>("Catchup", roomId, after, cancellationToken);
            foreach (var e in page.GetProperty("events").EnumerateArray())
            {
                after = e.GetProperty("seq").GetInt64();
                events++;
            }
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }
        var elapsed = clock.Elapsed.TotalMilliseconds;
        foreach (var connection in clients)
        {
            await connection.DisposeAsync();
        }
        return (events, Math.Round(elapsed, 1));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Task.CompletedTask;
    }

    internal static HubConnection Connect(Uri node, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/room"), o =>
            {
                // WebSockets straight away: no negotiate round trip per connection.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();

    private async Task<string> TokenAsync(string email, string password, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _http.PostAsJsonAsync("/api/auth/token", new { email, password }, Json, cancellationToken);
            // Sign-ins are rate limited per address; wait for the window rather than fail the run.
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                continue;
            }
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("accessToken").GetString()!;
        }
    }

    /// <summary>
    /// A write of the run's set-up. Writes are limited per person (Limits:ApiWritesPerSecond), and the admin makes many
    /// in a row: a 429 is waited out for as long as its Retry-After says, as a well-behaved client does.
    /// </summary>
    private async Task<HttpResponseMessage> WriteAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) };
            var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    internal async Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await WriteAsync(HttpMethod.Post, path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
    }

    /// <summary>
    /// What the tool reads of an event as it arrives; the rest is skipped, not built into a document, so measuring
    /// costs the tool (which shares the machine with the server) little more per delivery than on the bare hub.
    /// </summary>
    private sealed record ChatEnvelope(string RoomId, long Seq, ChatEvent Event);

    private sealed record ChatEvent(string Type, string? Markdown);

    private sealed class Client(HubConnection connection, int room, string roomId, long joinedAtSeq) : IChatClient
    {
        private int _sent;

        public int Room => room;

        public long JoinedAtSeq => joinedAtSeq;

        public async Task<long> SendAsync(string payload, CancellationToken cancellationToken)
        {
            var id = $"{connection.ConnectionId}-{Interlocked.Increment(ref _sent)}";
            var result = await connection.InvokeAsync<JsonElement>("PostMessage", new { roomId, markdown = payload, clientMessageId = id[..Math.Min(id.Length, 64)] }, cancellationToken);
            return result.GetProperty("seq").GetInt64();
        }

        public async Task<IReadOnlyList<long>?> CatchupAsync(long afterSeq, CancellationToken cancellationToken)
        {
            var seqs = new List<long>();
            while (true)
            {
                var page = await connection.InvokeAsync<JsonElement>("Catchup", roomId, afterSeq, cancellationToken);
                foreach (var e in page.GetProperty("events").EnumerateArray())
                {
                    afterSeq = e.GetProperty("seq").GetInt64();
                    seqs.Add(afterSeq);
                }
                if (!page.GetProperty("hasMore").GetBoolean())
                {
                    return seqs;
                }
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
