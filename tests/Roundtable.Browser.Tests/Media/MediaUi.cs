using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Roundtable.Testing.Media;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests.Media;

/// <summary>What a person does with voice and video on the room page, and what their browser receives (getStats).</summary>
public static class MediaUi
{
    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Microphone(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Microphone (on|off)$") });

    public static ILocator Camera(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Camera (on|off)$") });

    public static ILocator SharedScreen(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Shared screen" });

    /// <summary>Joins audio and video from the header, with the devices the dialog offers first (camera on, microphone off).</summary>
    public static async Task JoinAsync(IPage page)
    {
        await Button(page, "Join audio and video").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Join audio and video" });
        await Expect(dialog.GetByLabel("Camera preview")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(Microphone(page)).ToHaveTextAsync("Microphone off");
    }

    public static async Task MicrophoneOnAsync(IPage page)
    {
        await Expect(Microphone(page)).ToHaveAttributeAsync("aria-disabled", "false");
        await Microphone(page).ClickAsync();
        await Expect(Microphone(page)).ToHaveTextAsync("Microphone on");
    }

    /// <summary>Runs an item of a person's one menu in People.</summary>
    public static async Task PersonActionAsync(IPage page, string name, string action)
    {
        await RoomUi.OpenTabAsync(page, "People");
        await BrowserFixture.People(page).GetByRole(AriaRole.Button, new() { Name = $"Actions for {name}", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = action, Exact = true }).ClickAsync();
    }

    public static async Task<Dictionary<string, (long Audio, long Video)>> ReceivedAsync(IPage page)
    {
        using var result = JsonDocument.Parse(await page.EvaluateAsync<string>(MediaBrowser.ReceivedScript));
        return result.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => (p.Value.GetProperty("audio").GetInt64(), p.Value.GetProperty("video").GetInt64()));
    }

    /// <summary>Waits until the page receives more of that person's audio (or video) than at the start of the wait.</summary>
    public static async Task WaitForGrowthAsync(IPage page, string name, bool audio, TimeSpan? timeout = null)
    {
        var first = await ReceivedAsync(page);
        var start = first.TryGetValue(name, out var f) ? (audio ? f.Audio : f.Video) : -1;
        try
        {
            await GrowsAsync(page, name, audio, start, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The page's tiles: {await TilesAsync(page)}", e);
        }
    }

    /// <summary>What the page's stage shows of the call, for a failure's message.</summary>
    public static Task<string> TilesAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll("#media-tiles .media-tile")].map((t) =>
          `${t.querySelector("figcaption").textContent} [video ${t.querySelector("video").srcObject ? "on" : "none"}, audio ${t.querySelector("audio").srcObject ? "on" : "none"}]`).join("; ")
          + ` | pcs: ${(window.__peerConnections || []).map((pc) => pc.connectionState).join(",")}`
        """);

    private static async Task GrowsAsync(IPage page, string name, bool audio, long start, TimeSpan? timeout)
    {
        await Eventually.UntilAsync(async () =>
        {
            var now = await ReceivedAsync(page);
            var value = now.TryGetValue(name, out var n) ? (audio ? n.Audio : n.Video) : -1;
            if (start < 0)
            {
                start = value;
                return false;
            }
            return value > start;
        }, $"{name}'s {(audio ? "audio" : "video")} grows at {page.Url}", timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Starts watching; the task ends with the Unix time in ms when that person's audio last grew here.</summary>
    public static Task<long> AudioStopsAsync(IPage page, string name, int quietMs = 2000, int limitMs = 20000) =>
        page.EvaluateAsync<long>(MediaBrowser.SilenceScript, new object[] { name, quietMs, limitMs });
}
