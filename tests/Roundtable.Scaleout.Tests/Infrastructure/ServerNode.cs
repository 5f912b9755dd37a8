using System.Diagnostics;
using System.Net.Http.Json;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>
/// One real Roundtable server process (the built Roundtable.Server.dll) on a free loopback port, pointed at the
/// shared Redis, with its own data directory and working directory. Its stdout and stderr go to files beside its
/// data, named in every failure message.
/// </summary>
public sealed class ServerNode : IEndpoint, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;

    private ServerNode(string name, Process process, int port, string directory, StreamWriter stdout, StreamWriter stderr)
    {
        Name = name;
        _process = process;
        Port = port;
        Directory = directory;
        _stdout = stdout;
        _stderr = stderr;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public string Directory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdoutPath => Path.Combine(Directory, "stdout.log");

    public string StderrPath => Path.Combine(Directory, "stderr.log");

    /// <param name="redis">Null: the embedded deployment (LiteDB log), with no Redis at all.</param>
    /// <param name="wrapper">A command the server runs under (e.g. strace and its arguments); killed with it.</param>
    public static ServerNode Start(string name, RedisServer? redis, string prefix, IReadOnlyDictionary<string, string>? extraEnvironment = null, IReadOnlyList<string>? wrapper = null)
    {
        var dll = TestEnvironment.ServerDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the server first ({TestEnvironment.Configuration}): {dll} is missing.");
        }
        var port = TestEnvironment.FreePort();
        var directory = TestEnvironment.NewTempDirectory(name);
        var start = new ProcessStartInfo(wrapper is [var command, ..] ? command : "dotnet")
        {
            UseShellExecute = false,
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (wrapper is { Count: > 0 })
        {
            foreach (var argument in wrapper.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Working directory: the node's own; content root: beside the binaries, so appsettings.json applies as deployed.
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(dll)!);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["ROUNDTABLE_WEBROOT"] = TestEnvironment.WebRoot,
            ["Storage__DataDirectory"] = Path.Combine(directory, "data"),
            ["Rooms__PresenceGracePeriod"] = "00:00:02",
            ["Auth__SignInAttemptsPerMinute"] = "10000",
            // Production seeds no demo unless asked, and never with the published password.
            ["Seed__DemoData"] = "true",
            ["Seed__DemoPassword"] = Accounts.Password,
        };
        if (redis is not null)
        {
            environment["Redis__Configuration"] = redis.Configuration;
            environment["Redis__Prefix"] = prefix;
        }
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stdout = new StreamWriter(Path.Combine(directory, "stdout.log")) { AutoFlush = true };
        var stderr = new StreamWriter(Path.Combine(directory, "stderr.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Write(stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerNode(name, process, port, directory, stdout, stderr);
    }

    /// <summary>Waits until the node has replayed the log and seeded (or found the seed); fails at once if it exits.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) =>
        Readiness.WaitAsync(Http, Describe(), timeout, () => _process.HasExited ? $"exited with {_process.ExitCode}" : null, Logs);

    /// <summary>kill -9: no shutdown hooks, no goodbyes to Redis; its connections just drop.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public Task<string> TokenAsync(string email) => Endpoints.TokenAsync(Http, email);

    public HttpRequestMessage Request(HttpMethod method, string path, string token, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return request;
    }

    public string Describe() => $"{Name} (pid {_process.Id}, port {Port}; logs {StdoutPath}, {StderrPath})";

    public string Logs() => $"--- {Name} stdout ---\n{ReadShared(StdoutPath)}\n--- {Name} stderr ---\n{ReadShared(StderrPath)}";

    public async ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
        _process.Dispose();
        await _stdout.DisposeAsync();
        await _stderr.DisposeAsync();
        TestEnvironment.DeleteTempDirectory(Directory);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

}

/// <summary>Somewhere a client can connect: a node, or the load balancer in front of the nodes.</summary>
public interface IEndpoint
{
    string Name { get; }

    Uri BaseAddress { get; }

    HttpClient Http { get; }

    /// <summary>A bearer token for a demo account, issued by this endpoint.</summary>
    Task<string> TokenAsync(string email);
}

/// <summary>An address in front of the nodes (nginx in the tests).</summary>
public sealed class ProxyEndpoint(string name, Uri baseAddress) : IEndpoint, IDisposable
{
    public string Name { get; } = name;

    public Uri BaseAddress { get; } = baseAddress;

    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Task<string> TokenAsync(string email) => Endpoints.TokenAsync(Http, email);

    public void Dispose() => Http.Dispose();
}

internal static class Endpoints
{
    public static async Task<string> TokenAsync(HttpClient http, string email, string password = Accounts.Password)
    {
        using var response = await http.PostAsJsonAsync("api/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    private sealed record TokenBody(string AccessToken);
}

/// <summary>The demo accounts the first node seeds (asked for by setting, with this password).</summary>
public static class Accounts
{
    public const string Password = "two-node-demo-password";
    public const string Admin = "admin@roundtable.local";
    public const string Coach = "coach@roundtable.local";
    public const string Manager = "manager@roundtable.local";
    public static readonly string[] Learners = ["lena@roundtable.local", "liam@roundtable.local", "noor@roundtable.local", "theo@roundtable.local"];
    public const string LiveRoomTitle = "Week 1: Opening roundtable";
}
