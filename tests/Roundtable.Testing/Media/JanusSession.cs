using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Roundtable.Testing.Media;

/// <summary>
/// A Janus session with one VideoRoom handle over Janus's HTTP API, as a browser makes one: either through
/// Roundtable's same-origin proxy (no API secret) or, for the test's own look at Janus, straight to Janus with the
/// API secret (<see cref="DirectAsync"/>). Asynchronous answers (join, publish) are read from the long-poll by their
/// transaction.
/// </summary>
public sealed class JanusSession : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _base;
    private readonly string? _apiSecret;
    private readonly List<JsonElement> _events = [];

    private JanusSession(HttpClient http, string basePath, string? apiSecret)
    {
        _http = http;
        _base = basePath.TrimEnd('/');
        _apiSecret = apiSecret;
    }

    public long Session { get; private set; }

    public long Handle { get; private set; }

    /// <summary>Through the proxy at <paramref name="proxyPath"/>, as the signed-in person <paramref name="http"/> is.</summary>
    public static Task<JanusSession> ProxiedAsync(HttpClient http, string proxyPath = "/media/janus") => OpenAsync(new JanusSession(http, proxyPath, null));

    /// <summary>Straight to Janus, with its API secret (what only the server holds).</summary>
    public static Task<JanusSession> DirectAsync(JanusServer janus, HttpClient http) => OpenAsync(new JanusSession(http, janus.Url, janus.ApiSecret));

    private static async Task<JanusSession> OpenAsync(JanusSession session)
    {
        var created = await session.PostOkAsync("", new JsonObject { ["janus"] = "create" });
        session.Session = created.GetProperty("data").GetProperty("id").GetInt64();
        var attached = await session.PostOkAsync($"/{session.Session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" });
        session.Handle = attached.GetProperty("data").GetProperty("id").GetInt64();
        return session;
    }

    /// <summary>Posts a request; answers the HTTP status and the JSON (Janus's, or the proxy's problem details).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, JsonObject message)
    {
        message["transaction"] ??= RandomNumberGenerator.GetHexString(12, lowercase: true);
        if (_apiSecret is not null)
        {
            message["apisecret"] = _apiSecret;
        }
        using var response = await _http.PostAsJsonAsync(_base + path, message);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> PostOkAsync(string path, JsonObject message)
    {
        var (status, body) = await PostAsync(path, message);
        if (status != HttpStatusCode.OK || body.GetProperty("janus").GetString() is not ("success" or "ack"))
        {
            throw new InvalidOperationException($"{message["janus"]} answered {(int)status}: {body}");
        }
        return body;
    }

    /// <summary>A VideoRoom request on the handle: the HTTP status and Janus's (or the proxy's) answer.</summary>
    public Task<(HttpStatusCode Status, JsonElement Body)> MessageAsync(JsonObject body, JsonObject? jsep = null)
    {
        var message = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null)
        {
            message["jsep"] = jsep;
        }
        return PostAsync($"/{Session}/{Handle}", message);
    }

    /// <summary>A synchronous VideoRoom request (create, exists, listparticipants, moderate, ...): the plugin's data.</summary>
    public async Task<JsonElement> RequestAsync(JsonObject body)
    {
        var (status, answer) = await MessageAsync(body);
        if (status != HttpStatusCode.OK || answer.GetProperty("janus").GetString() != "success")
        {
            throw new InvalidOperationException($"{body["request"]} answered {(int)status}: {answer}");
        }
        return answer.GetProperty("plugindata").GetProperty("data");
    }

    /// <summary>An asynchronous VideoRoom request (join, publish, ...): the event that answers it (its plugin data and jsep).</summary>
    public async Task<(JsonElement Data, JsonElement? Jsep)> AsyncRequestAsync(JsonObject body, JsonObject? jsep = null)
    {
        var transaction = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var message = new JsonObject { ["janus"] = "message", ["body"] = body, ["transaction"] = transaction };
        if (jsep is not null)
        {
            message["jsep"] = jsep;
        }
        var (status, ack) = await PostAsync($"/{Session}/{Handle}", message);
        if (status != HttpStatusCode.OK || ack.GetProperty("janus").GetString() != "ack")
        {
            throw new InvalidOperationException($"{body["request"]} answered {(int)status}: {ack}");
        }
        var answer = await NextEventAsync(e => e.TryGetProperty("transaction", out var t) && t.GetString() == transaction
            && e.TryGetProperty("plugindata", out _));
        return (answer.GetProperty("plugindata").GetProperty("data"), answer.TryGetProperty("jsep", out var j) ? j : null);
    }

    /// <summary>Long-polls until an event matches (earlier events are kept for later waits).</summary>
    public async Task<JsonElement> NextEventAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = _events.FindIndex(e => match(e));
            if (found >= 0)
            {
                var e = _events[found];
                _events.RemoveAt(found);
                return e;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching Janus event within the time; seen: {string.Join(", ", _events)}");
            }
            var query = $"{_base}/{Session}?maxev=5" + (_apiSecret is null ? "" : $"&apisecret={_apiSecret}");
            using var response = await _http.GetAsync(query);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The long-poll answered {(int)response.StatusCode}: {text}");
            }
            var root = JsonDocument.Parse(text).RootElement.Clone();
            if (root.ValueKind == JsonValueKind.Array)
            {
                _events.AddRange(root.EnumerateArray().Where(e => e.GetProperty("janus").GetString() != "keepalive"));
            }
            else if (root.GetProperty("janus").GetString() != "keepalive")
            {
                _events.Add(root);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PostAsync($"/{Session}", new JsonObject { ["janus"] = "destroy" });
        }
        catch (HttpRequestException)
        {
            // Janus already stopped.
        }
    }
}
