using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Roundtable.Testing;
using Roundtable.Testing.Media;

namespace Roundtable.MediaBench;

/// <summary>
/// One roundtable of N browsers through a real Janus, measured: every person with the microphone on, the first V with
/// a 320×240 camera. Reports the time from "Join" to the first remote audio packet, the CPU that Janus, the server
/// (this process) and Chromium use while the call runs, whether every browser receives every other person, and the
/// time from the coach's "Mute microphone" to silence at the others.
/// Run inside the private network: <c>unshare -n scripts/private-network.sh dotnet run -c Release --project
/// tests/Roundtable.MediaBench -- [--people 8] [--video 4] [--seconds 30]</c>.
/// </summary>
public static class Program
{
    private const string Password = "roundtable-demo";
    private const string CohortName = "Autumn 2026 cohort";
    private static readonly string[] DemoLearners = ["lena@roundtable.local", "liam@roundtable.local", "noor@roundtable.local", "theo@roundtable.local"];

    public static async Task<int> Main(string[] args)
    {
        // The test host finds the server's content root from where it runs, as it does under dotnet test.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var people = Option(args, "--people", 8);
        var video = Option(args, "--video", 4);
        var seconds = Option(args, "--seconds", 30);
        if (!JanusServer.InPrivateNetwork)
        {
            Console.Error.WriteLine("Run this inside the private network, where Janus can carry media: "
                + "unshare -n scripts/private-network.sh dotnet run -c Release --project tests/Roundtable.MediaBench");
            return 2;
        }
        await using var janus = await JanusServer.StartAsync();
        await using var server = new RoundtableServer(settings: new Dictionary<string, string>
        {
            ["Media:JanusUrl"] = janus.Url,
            ["Media:ApiSecret"] = janus.ApiSecret,
            ["Media:AdminKey"] = janus.AdminKey,
            ["Media:Key"] = RandomNumberGenerator.GetHexString(64),
        });
        var baseUrl = (await server.StartAsync()).ToString();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = MediaBrowser.Args });
        Assertions.SetDefaultExpectTimeout(60_000);

        async Task<IBrowserContext> SignedInAsync(string email)
        {
            var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
            await context.AddInitScriptAsync(MediaBrowser.CollectPeerConnections);
            var answer = await context.APIRequest.PostAsync("/api/auth/login", new() { DataObject = new { email, password = Password } });
            Check(answer.Ok, $"Signing in as {email} answered {answer.Status}.");
            return context;
        }

        // The people: the coach, the demo's learners, and more learners made for the run.
        var admin = await SignedInAsync("admin@roundtable.local");
        var cohortId = await CohortIdAsync(admin);
        var emails = new List<string> { "coach@roundtable.local" };
        emails.AddRange(DemoLearners.Take(people - 1));
        for (var i = emails.Count; i < people; i++)
        {
            var email = $"bench{i}@roundtable.local";
            var created = await admin.APIRequest.PostAsync("/api/users", new() { DataObject = new { email, displayName = $"Bench Learner {i}", password = Password, isAdmin = false } });
            Check(created.Ok, $"Creating {email} answered {created.Status}.");
            var userId = (await created.JsonAsync())!.Value.GetProperty("id").GetString();
            var member = await admin.APIRequest.PutAsync($"/api/cohorts/{cohortId}/members/{userId}", new() { DataObject = new { role = "Learner" } });
            Check(member.Ok, $"Adding {email} to the cohort answered {member.Status}.");
            emails.Add(email);
        }
        await admin.CloseAsync();

        var coachContext = await SignedInAsync(emails[0]);
        var scheduled = await coachContext.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables",
            new() { DataObject = new { title = "Media benchmark", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 } });
        Check(scheduled.Ok, $"Scheduling answered {scheduled.Status}.");
        var roomId = (await scheduled.JsonAsync())!.Value.GetProperty("id").GetString();
        var pages = new List<IPage>();
        foreach (var email in emails)
        {
            var context = email == emails[0] ? coachContext : await SignedInAsync(email);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/room.html?id={roomId}");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Connected") })).ToBeVisibleAsync();
            pages.Add(page);
        }
        await pages[0].GetByRole(AriaRole.Button, new() { Name = "Start roundtable", Exact = true }).ClickAsync();
        await Assertions.Expect(pages[0].GetByText("Live now")).ToBeVisibleAsync();

        // Join one at a time, microphone on; from the second person on, time the first remote audio packet.
        var joinToAudio = new List<double>();
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var clicked = await page.EvaluateAsync<long>("Date.now()");
            await JoinAsync(page, camera: i < video);
            if (i > 0)
            {
                // Long: with every browser on one small machine, Chromium itself is what is short of CPU.
                var first = await page.EvaluateAsync<long>(MediaBrowser.FirstRemoteAudioScript, 180_000);
                Check(first > 0, $"{emails[i]} received no audio within 180 s.");
                joinToAudio.Add(first - clicked);
            }
        }

        // Everyone hears everyone: each page receives growing audio from every other person.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var pairs = 0;
        var heard = 0;
        var names = new List<string>();
        foreach (var page in pages)
        {
            names.Add(await DisplayNameAsync(page));
        }
        var before = await Task.WhenAll(pages.Select(ReceivedAsync));
        var cpuStart = Cpu(janus.ProcessId, Environment.ProcessId);
        var chromiumStart = ChromiumCpu();
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var cpuEnd = Cpu(janus.ProcessId, Environment.ProcessId);
        var chromiumEnd = ChromiumCpu();
        var elapsed = wall.Elapsed.TotalSeconds;
        var after = await Task.WhenAll(pages.Select(ReceivedAsync));
        for (var i = 0; i < pages.Count; i++)
        {
            foreach (var (name, bytes) in after[i])
            {
                // The page's own tile says "(you)".
                if (name == "(screen)" || name.StartsWith(names[i], StringComparison.Ordinal))
                {
                    continue;
                }
                pairs++;
                if (before[i].TryGetValue(name, out var was) && bytes.Audio > was.Audio)
                {
                    heard++;
                }
            }
        }

        // The coach mutes the second person; the others time the silence from the click.
        var mutedName = names[1];
        var watchers = pages.Skip(2).Select(p => p.EvaluateAsync<long>(MediaBrowser.SilenceScript, new object[] { mutedName, 2000, 30000 })).ToList();
        var muteClick = await pages[0].EvaluateAsync<long>("Date.now()");
        await PersonActionAsync(pages[0], mutedName, "Mute microphone");
        var silences = (await Task.WhenAll(watchers)).Where(t => t > 0).Select(t => (double)Math.Max(0, t - muteClick)).OrderBy(t => t).ToList();

        Console.WriteLine($"| people (camera) | join → first remote audio, ms (median / max) | Janus CPU | server CPU | Chromium CPU (all) | audio pairs heard | mute → silence, ms (median / max) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {people} ({video}) | {Median(joinToAudio):0} / {joinToAudio.Max():0} | {Percent(cpuEnd.Janus - cpuStart.Janus, elapsed)} | "
            + $"{Percent(cpuEnd.Server - cpuStart.Server, elapsed)} | {Percent(chromiumEnd - chromiumStart, elapsed)} | {heard} of {pairs} | "
            + $"{(silences.Count > 0 ? $"{Median(silences):0} / {silences.Max():0}" : "not silent")} ({silences.Count} of {watchers.Count} pages) |");
        Console.WriteLine($"CPU as a share of one core over {elapsed:0} s; the server figure is this whole process (the server and the Playwright client).");
        return 0;
    }

    private static async Task JoinAsync(IPage page, bool camera)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Join audio and video", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Join audio and video" });
        if (!camera)
        {
            var cameras = dialog.GetByLabel("Camera", new() { Exact = true });
            var none = await cameras.Locator("option[value='']").CountAsync();
            if (none > 0)
            {
                await cameras.SelectOptionAsync(new SelectOptionValue { Value = "" });
            }
        }
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        var microphone = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Microphone (on|off)$") });
        await Assertions.Expect(microphone).ToHaveTextAsync("Microphone off");
        await Assertions.Expect(microphone).ToHaveAttributeAsync("aria-disabled", "false");
        await microphone.ClickAsync();
        await Assertions.Expect(microphone).ToHaveTextAsync("Microphone on");
    }

    private static async Task PersonActionAsync(IPage page, string name, string action)
    {
        var tab = page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^People(\\s*, \\d+ new)?$") });
        if (await tab.GetAttributeAsync("aria-selected") != "true")
        {
            await tab.ClickAsync();
        }
        await page.GetByRole(AriaRole.List, new() { Name = "People here" }).GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    private static async Task<string> DisplayNameAsync(IPage page)
    {
        var me = await page.Context.APIRequest.GetAsync("/api/me");
        return (await me.JsonAsync())!.Value.GetProperty("displayName").GetString()!;
    }

    private static async Task<Dictionary<string, (long Audio, long Video)>> ReceivedAsync(IPage page)
    {
        using var result = JsonDocument.Parse(await page.EvaluateAsync<string>(MediaBrowser.ReceivedScript));
        return result.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => (p.Value.GetProperty("audio").GetInt64(), p.Value.GetProperty("video").GetInt64()));
    }

    private static async Task<string> CohortIdAsync(IBrowserContext context)
    {
        var home = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        return home.GetProperty("cohorts").EnumerateArray().Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == CohortName).GetProperty("id").GetString()!;
    }

    /// <summary>CPU seconds used so far by Janus and by this process (utime + stime from /proc).</summary>
    private static (double Janus, double Server) Cpu(int janusPid, int serverPid) => (CpuSeconds(janusPid), CpuSeconds(serverPid));

    private static double ChromiumCpu() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => int.TryParse(d, out _)).Select(int.Parse!)
            .Where(pid => File.Exists($"/proc/{pid}/comm") && SafeRead($"/proc/{pid}/comm").StartsWith("chrom", StringComparison.Ordinal))
            .Sum(CpuSeconds);

    private static double CpuSeconds(int pid)
    {
        var stat = SafeRead($"/proc/{pid}/stat");
        if (stat.Length == 0)
        {
            return 0;
        }
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15 (clock ticks of 1/100 s).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Percent(double cpuSeconds, double wallSeconds) => $"{cpuSeconds / wallSeconds * 100:0}%";

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
