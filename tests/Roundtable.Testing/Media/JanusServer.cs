using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text.Json;

namespace Roundtable.Testing.Media;

/// <summary>
/// A real Janus WebRTC Server child process (Debian's <c>janus</c>) with a configuration this class writes into a
/// folder of its own, never /etc/janus: only the VideoRoom plugin and the plain HTTP transport, on a free loopback port,
/// with a random API secret and VideoRoom admin key (so only Roundtable's server creates rooms) and string room ids.
/// Janus never offers a loopback interface for media, so media flows only where the test run made the private network
/// namespace (scripts/private-network.sh: the veth <c>jv0</c> holding 127.0.0.2); elsewhere Janus still answers its
/// API, which is enough for tests of tokens, rooms and moderation.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    private const string Libraries = "/usr/lib/x86_64-linux-gnu/janus";
    private Process? _process;

    private JanusServer(int port, string directory)
    {
        Port = port;
        Directory = directory;
        ApiSecret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        AdminKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>The Janus API's base address, e.g. http://127.0.0.1:40123/janus.</summary>
    public string Url => $"http://127.0.0.1:{Port}/janus";

    /// <summary>What every request to this Janus must carry (<c>apisecret</c>): only Roundtable's server holds it.</summary>
    public string ApiSecret { get; }

    /// <summary>The VideoRoom plugin's <c>admin_key</c>: needed to create rooms.</summary>
    public string AdminKey { get; }

    public string LogFile => Path.Combine(Directory, "janus.log");

    /// <summary>The Janus process's id, e.g. to read its CPU time; 0 before it starts.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Whether this process runs inside the test run's private network, where Janus can carry media.</summary>
    public static bool InPrivateNetwork =>
        NetworkInterface.GetAllNetworkInterfaces().Any(n => n.Name == "jv0" && n.OperationalStatus != OperationalStatus.Down);

    /// <summary>Whether Debian's janus is installed (./test.sh installs it).</summary>
    public static bool IsInstalled => File.Exists("/usr/bin/janus") && File.Exists(Path.Combine(Libraries, "plugins", "libjanus_videoroom.so"));

    /// <summary>Writes the configuration, starts Janus and waits until its API answers.</summary>
    public static async Task<JanusServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("Janus is not installed: run ./test.sh, which installs Debian's janus package.");
        }
        var port = TestEnvironment.FreePort();
        var janus = new JanusServer(port, TestEnvironment.NewTempDirectory("janus"));
        janus.WriteConfiguration();
        await janus.StartProcessAsync(cancellationToken);
        return janus;
    }

    private void WriteConfiguration()
    {
        // Each instance its own RTP range, so two Janus processes of one test run never race for a port.
        var rtpStart = 20000 + Port % 200 * 100;
        File.WriteAllText(Path.Combine(Directory, "janus.jcfg"), $$"""
            general: {
              configs_folder = "{{Directory}}"
              plugins_folder = "{{Libraries}}/plugins"
              transports_folder = "{{Libraries}}/transports"
              events_folder = "{{Libraries}}/events"
              loggers_folder = "{{Libraries}}/loggers"
              debug_level = 4
              api_secret = "{{ApiSecret}}"
              session_timeout = 60
              reclaim_session_timeout = 0
              interface = "127.0.0.1"
            }
            media: {
              rtp_port_range = "{{rtpStart}}-{{rtpStart + 99}}"
            }
            nat: {
              nice_debug = false
              ice_enforce_list = "jv0"
            }
            plugins: {
              disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
            }
            transports: {
              disable = "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
            }
            loggers: {
              disable = "libjanus_jsonlog.so"
            }
            events: {
              broadcast = false
            }
            """);
        File.WriteAllText(Path.Combine(Directory, "janus.transport.http.jcfg"), $$"""
            general: {
              json = "plain"
              base_path = "/janus"
              http = true
              port = {{Port}}
              ip = "127.0.0.1"
              https = false
            }
            admin: {
              admin_http = false
              admin_https = false
            }
            """);
        File.WriteAllText(Path.Combine(Directory, "janus.plugin.videoroom.jcfg"), $$"""
            general: {
              admin_key = "{{AdminKey}}"
              lock_rtp_forward = true
              string_ids = true
              events = false
            }
            """);
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("janus")
        {
            UseShellExecute = false,
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-F", Directory, "-C", Path.Combine(Directory, "janus.jcfg"), "-o", "-N", "-L", LogFile })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("janus did not start.");
        _ = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        _ = _process.StandardError.BaseStream.CopyToAsync(Stream.Null, cancellationToken);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on a busy machine Janus loads its plugins slowly; the wait ends as soon as it answers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"janus exited with {_process.ExitCode}; see {LogFile}");
            }
            try
            {
                using var answer = await http.GetAsync($"{Url}/info", cancellationToken);
                if (answer.IsSuccessStatusCode)
                {
                    var info = await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    if (info.TryGetProperty("plugins", out var plugins) && plugins.TryGetProperty("janus.plugin.videoroom", out _))
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer; ask again.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"janus on port {Port} did not answer /janus/info; see {LogFile}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (!TestEnvironment.KeepDirectories)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A log still being written; the temp folder is cleaned anyway.
            }
        }
    }
}
