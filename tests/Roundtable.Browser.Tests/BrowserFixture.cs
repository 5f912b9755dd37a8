using System.Text.Json;
using Microsoft.Playwright;
using Roundtable.Testing.Email;

namespace Roundtable.Browser.Tests;

/// <summary>One server and one Chromium for every browser test; each test opens its own contexts.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DemoPassword = "roundtable-demo";
    public const string LiveRoomTitle = "Week 1: Opening roundtable";
    public const string ScheduledRoomTitle = "Week 2: Discovery call practice";
    public const string DemoCohortName = "Autumn 2026 cohort";

    private IPlaywright _playwright = null!;

    public RoundtableServer Server { get; private set; } = null!;

    /// <summary>The mail server the browser tests' server sends every email to.</summary>
    public TestSmtpServer Smtp { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => Server.BaseAddress.ToString();

    public static string RepoRoot => TestEnvironment.RepoRoot;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Smtp = await TestSmtpServer.StartAsync();
        // The port is chosen first: links in emails carry the server's address.
        var port = TestEnvironment.FreePort();
        var settings = Smtp.Settings($"http://127.0.0.1:{port}");
        // A short grace period, so a closed page leaves the room within a test's patience.
        settings["Rooms:PresenceGracePeriod"] = "00:00:01";
        Server = new RoundtableServer(settings: settings, port: port);
        await Server.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.BaseURL = BaseUrl;
        return Browser.NewContextAsync(options);
    }

    /// <summary>A context already signed in as a demo user (through the API, sharing the context's cookies).</summary>
    public async Task<IBrowserContext> SignedInContextAsync(string email, BrowserNewContextOptions? options = null)
    {
        var context = await NewContextAsync(options);
        var response = await context.APIRequest.PostAsync("/api/auth/login", new() { DataObject = new { email, password = DemoPassword } });
        Assert.True(response.Ok, $"Signing in as {email} answered {response.Status}.");
        return context;
    }

    public async Task<string> RoomIdAsync(IBrowserContext context, string title)
    {
        var response = await context.APIRequest.GetAsync("/api/home");
        Assert.True(response.Ok, $"GET /api/home answered {response.Status}.");
        var home = await response.JsonAsync();
        foreach (var cohort in home!.Value.GetProperty("cohorts").EnumerateArray())
        {
            foreach (var roundtable in cohort.GetProperty("roundtables").EnumerateArray())
            {
                if (roundtable.GetProperty("title").GetString() == title)
                {
                    return roundtable.GetProperty("id").GetString()!;
                }
            }
        }
        throw new InvalidOperationException($"No roundtable titled '{title}' on the home page.");
    }

    /// <summary>Opens a room as the given user and waits until the page has joined it.</summary>
    public async Task<IPage> OpenRoomAsync(string email, string title = LiveRoomTitle, BrowserNewContextOptions? options = null)
    {
        var context = await SignedInContextAsync(email, options);
        var roomId = await RoomIdAsync(context, title);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/room.html?id={roomId}");
        await Assertions.Expect(Connection(page)).ToHaveTextAsync("Connected");
        return page;
    }

    /// <summary>
    /// A new roundtable in the demo cohort, scheduled for now by the signed-in coach or admin of the context, so a test that
    /// starts, ends or locks it leaves the demo's own roundtables as other tests expect them.
    /// </summary>
    public async Task<(string RoomId, string Title)> ScheduleRoomAsync(IBrowserContext context, string titlePrefix)
    {
        var home = (await (await context.APIRequest.GetAsync("/api/home")).JsonAsync())!.Value;
        var cohortId = home.GetProperty("cohorts").EnumerateArray()
            .Select(c => c.GetProperty("cohort"))
            .First(c => c.GetProperty("name").GetString() == DemoCohortName)
            .GetProperty("id").GetString();
        var title = $"{titlePrefix} {Token()}";
        var created = await context.APIRequest.PostAsync($"/api/cohorts/{cohortId}/roundtables",
            new() { DataObject = new { title, scheduledStart = DateTimeOffset.UtcNow, durationMinutes = 60 } });
        Assert.True(created.Ok, $"Scheduling answered {created.Status}.");
        return ((await created.JsonAsync())!.Value.GetProperty("id").GetString()!, title);
    }

    /// <summary>A new roundtable in the demo cohort, scheduled for now, opened and started by the coach.</summary>
    public async Task<(IPage Coach, string RoomId, string Title)> CoachInNewLiveRoomAsync(string titlePrefix, BrowserNewContextOptions? options = null)
    {
        var context = await SignedInContextAsync("coach@roundtable.local", options);
        var (roomId, title) = await ScheduleRoomAsync(context, titlePrefix);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/room.html?id={roomId}");
        await Assertions.Expect(Connection(page)).ToHaveTextAsync("Connected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start roundtable", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Live now")).ToBeVisibleAsync();
        return (page, roomId, title);
    }

    public static ILocator Connection(IPage page) => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("^(Connecting|Connected|Reconnecting|Offline)") });

    public static ILocator ChatLog(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Chat" });

    public static ILocator People(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "People here" });

    /// <summary>Presses Tab until the target has focus (at most <paramref name="maxTabs"/> times), as a keyboard user would.</summary>
    public static async Task TabUntilFocusedAsync(IPage page, ILocator target, int maxTabs = 30)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement"))
            {
                return;
            }
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail("Tab never reached " + target);
    }

    public static string Token() => Guid.NewGuid().ToString("N")[..10];

    public static string Describe(JsonElement value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
