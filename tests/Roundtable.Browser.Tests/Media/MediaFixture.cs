using System.Security.Cryptography;
using Microsoft.Playwright;
using Roundtable.Testing.Media;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests.Media;

/// <summary>
/// A real Janus, a Roundtable server that uses it, and a Chromium with fake camera and microphone, shared by the media
/// browser tests. Janus carries media only inside the test run's private network (scripts/private-network.sh), so
/// outside it the fixture refuses to start and every test fails saying how to run them: never a silent pass.
/// </summary>
public sealed class MediaFixture : IAsyncLifetime
{
    public const string Coach = "coach@roundtable.local";
    public static readonly string[] Learners = ["lena@roundtable.local", "liam@roundtable.local", "noor@roundtable.local"];

    private IPlaywright? _playwright;
    private JanusServer? _janus;
    private string? _refusal;

    public RoundtableServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!JanusServer.InPrivateNetwork)
        {
            _refusal = "The media browser tests need the test run's private network, where Janus can carry media: run them as "
                + "`unshare -n scripts/private-network.sh dotnet test tests/Roundtable.Browser.Tests --filter FullyQualifiedName~Media` "
                + "(as root; ./test.sh does this for every test).";
            return;
        }
        Assertions.SetDefaultExpectTimeout(20_000);
        _janus = await JanusServer.StartAsync();
        Server = new RoundtableServer(settings: new Dictionary<string, string>
        {
            ["Rooms:PresenceGracePeriod"] = "00:00:01",
            ["Media:JanusUrl"] = _janus.Url,
            ["Media:ApiSecret"] = _janus.ApiSecret,
            ["Media:AdminKey"] = _janus.AdminKey,
            ["Media:Key"] = RandomNumberGenerator.GetHexString(64),
        });
        await Server.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = MediaBrowser.Args });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (_janus is not null)
        {
            await _janus.DisposeAsync();
        }
    }

    /// <summary>Fails the test, saying how to run it, when the fixture could not start media.</summary>
    public void RequireMedia()
    {
        if (_refusal is not null)
        {
            Assert.Fail(_refusal);
        }
    }

    public string JanusLog => _janus is null || !File.Exists(_janus.LogFile) ? "" : File.ReadAllText(_janus.LogFile);

    public async Task<IBrowserContext> SignedInContextAsync(string email)
    {
        // BypassCSP: axe is injected as an inline script, which the site's CSP rightly forbids.
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, BypassCSP = true,
        });
        await context.AddInitScriptAsync(MediaBrowser.CollectPeerConnections);
        var response = await context.APIRequest.PostAsync("/api/auth/login", new() { DataObject = new { email, password = BrowserFixture.DemoPassword } });
        Assert.True(response.Ok, $"Signing in as {email} answered {response.Status}.");
        return context;
    }

    /// <summary>A new live roundtable with the coach in it, and the learners in it too, each on their own page.</summary>
    public async Task<MediaRoom> LiveRoomAsync(string titlePrefix, int learners)
    {
        RequireMedia();
        var coachContext = await SignedInContextAsync(Coach);
        var home = (await (await coachContext.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        var cohortId = home.GetProperty("cohorts").EnumerateArray()
            .Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == BrowserFixture.DemoCohortName)
            .GetProperty("id").GetString();
        var created = await coachContext.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables",
            new() { DataObject = new { title = $"{titlePrefix} {BrowserFixture.Token()}", scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 } });
        Assert.True(created.Ok, $"Scheduling answered {created.Status}.");
        var roomId = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
        var coach = await OpenAsync(coachContext, roomId);
        await coach.GetByRole(AriaRole.Button, new() { Name = "Start roundtable", Exact = true }).ClickAsync();
        await Expect(coach.GetByText("Live now")).ToBeVisibleAsync();
        var pages = new List<IPage> { coach };
        foreach (var email in Learners.Take(learners))
        {
            pages.Add(await OpenAsync(await SignedInContextAsync(email), roomId));
        }
        return new MediaRoom(roomId, pages);
    }

    public static async Task<IPage> OpenAsync(IBrowserContext context, string roomId)
    {
        var page = await context.NewPageAsync();
        if (Environment.GetEnvironmentVariable("ROUNDTABLE_TEST_BROWSER_CONSOLE") == "1")
        {
            // For finding out why a media test fails: the page's console and errors, on the test's output.
            page.Console += (_, message) => Console.WriteLine($"[{page.Url[^6..]} console {message.Type}] {message.Text}");
            page.PageError += (_, error) => Console.WriteLine($"[{page.Url[^6..]} page error] {error}");
        }
        await page.GotoAsync($"/room.html?id={roomId}");
        await Expect(BrowserFixture.Connection(page)).ToHaveTextAsync("Connected");
        return page;
    }
}

/// <summary>A live room of the media tests: the coach's page first, then the learners' pages.</summary>
public sealed record MediaRoom(string RoomId, IReadOnlyList<IPage> Pages) : IAsyncDisposable
{
    public IPage Coach => Pages[0];

    public async ValueTask DisposeAsync()
    {
        foreach (var page in Pages)
        {
            await page.Context.CloseAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<MediaFixture>
{
    public const string Name = "media";
}
