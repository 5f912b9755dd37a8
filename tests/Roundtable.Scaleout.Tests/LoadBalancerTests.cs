using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Roundtable.Core.Rooms;
using Roundtable.Scaleout.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Roundtable.Scaleout.Tests;

/// <summary>
/// deploy/nginx.conf in front of the shared two nodes, with "app:8080" replaced by their addresses: SignalR over
/// WebSockets through the proxy, and sign-in through it (a browser's cookie from its own origin, not another's). Skipped
/// (not passed) where nginx is not installed.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LoadBalancerTests(TwoNodeCluster cluster, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task NginxConfigProxiesSignalRWebSocketsToEveryNode()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        Skip.If(nginx is null, "nginx is not installed; deploy/nginx.conf was not exercised.");

        var port = TestEnvironment.FreePort();
        var prefix = TestEnvironment.NewTempDirectory("nginx");
        var config = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "deploy", "nginx.conf"))
            .Replace("server app:8080 max_fails=2 fail_timeout=5s;", string.Join("\n", cluster.Nodes.Select(n => $"server 127.0.0.1:{n.Port};")))
            .Replace("listen 80;", $"listen 127.0.0.1:{port};")
            .Replace("http {", $"http {{\n    access_log off;\n    client_body_temp_path {prefix}/body;\n    proxy_temp_path {prefix}/proxy;");
        Assert.Contains($"server 127.0.0.1:{cluster[0].Port};", config);
        var configPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(configPath, config);

        var start = new ProcessStartInfo(nginx!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", prefix, "-c", configPath, "-e", Path.Combine(prefix, "error.log"), "-g", $"daemon off; pid {prefix}/nginx.pid;" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        try
        {
            using var proxy = new ProxyEndpoint("nginx", new Uri($"http://127.0.0.1:{port}/"));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!await AnswersAsync(proxy))
            {
                Assert.False(process.HasExited, "nginx exited: " + await process.StandardError.ReadToEndAsync());
                Assert.True(DateTime.UtcNow < deadline, "nginx did not answer within 10 s");
                await Task.Delay(100);
            }

            // Clients through the proxy, each with a session cookie of its own, so the hash spreads them over the
            // nodes; SignalR negotiates and then opens its WebSocket, which must reach the same node.
            var clients = new List<RoomClient>();
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    var client = await RoomClient.ConnectAsync(proxy, Accounts.Learners[i], cluster.LiveRoomId, $"via-nginx-{i}", stickyCookie: Guid.NewGuid().ToString("N"));
                    clients.Add(client);
                    await client.JoinAsync();
                }
                var id = Guid.NewGuid().ToString("N");
                var seq = (await clients[0].PostAsync("through the load balancer", id)).Seq;
                foreach (var client in clients)
                {
                    await client.WaitForSeqAsync(seq, TimeSpan.FromSeconds(10), fillGaps: false);
                    Assert.Contains(client.Events(seq), e => e.Event is MessagePosted m && m.ClientMessageId == id);
                }
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }

            // A browser's session cookie through the proxy: the node sees the Host the browser used (with its port),
            // so the page's own Origin matches and another origin's does not.
            using (var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = proxy.BaseAddress })
            {
                using var signIn = await browser.PostAsJsonAsync("api/auth/login", new { email = Accounts.Learners[0], password = Accounts.Password });
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
                var ownOrigin = $"http://127.0.0.1:{port}";
                foreach (var (origin, expected) in new[] { (ownOrigin, HttpStatusCode.OK), ($"http://127.0.0.1:{port + 1}", HttpStatusCode.Forbidden) })
                {
                    using var negotiate = new HttpRequestMessage(HttpMethod.Post, "hubs/room/negotiate?negotiateVersion=1");
                    negotiate.Headers.Add("Origin", origin);
                    using var answer = await browser.SendAsync(negotiate);
                    Assert.True(expected == answer.StatusCode, $"negotiate through nginx with Origin {origin}: {answer.StatusCode}");
                }
            }

            using var ready = await proxy.Http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            output.WriteLine($"nginx on port {port} proxied WebSockets to nodes on ports {string.Join(", ", cluster.Nodes.Select(n => n.Port))}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            TestEnvironment.DeleteTempDirectory(prefix);
        }
    }

    private static async Task<bool> AnswersAsync(ProxyEndpoint proxy)
    {
        try
        {
            using var response = await proxy.Http.GetAsync("health/live");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
