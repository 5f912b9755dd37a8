using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>Ways a test reaches the parts of the room page as a user does.</summary>
public static class RoomUi
{
    /// <summary>
    /// Opens a side panel tab of the room page ("Chat", "People", "Q&amp;A", "Polls", "Notes", "Feedback", "Agenda",
    /// "Breakouts") by clicking it, as a user does, at any window width (on a phone the tabs are a bottom bar); does
    /// nothing on a page without the side panel's tabs.
    /// </summary>
    public static async Task OpenTabAsync(IPage page, string name)
    {
        if (await page.Locator("#room-tabs").CountAsync() == 0)
        {
            return;
        }
        var tab = Tab(page, name);
        // The tabs are drawn by the page's script, and some appear only for some people or moments (Breakouts).
        await Expect(tab).ToBeVisibleAsync();
        if (await tab.GetAttributeAsync("aria-selected") != "true")
        {
            await tab.ClickAsync();
        }
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
    }

    /// <summary>A side panel tab by its label, whether or not its name also says how much is new ("Q&amp;A, 2 new").</summary>
    public static ILocator Tab(IPage page, string name) =>
        page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{Regex.Escape(name)}(\\s*, \\d+ new)?$") });
}
