using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>Ways a test reaches the parts of the room page as a user does.</summary>
public static class RoomUi
{
    /// <summary>
    /// Opens a side panel tab of the room page ("Chat", "People", "Q&amp;A", "Polls", "Notes", "Feedback", "Agenda",
    /// "Breakouts") by clicking it, as a user does; does nothing when the page has no such tab.
    /// </summary>
    public static async Task OpenTabAsync(IPage page, string name)
    {
        var tab = page.GetByRole(AriaRole.Tab, new() { Name = name });
        if (await tab.CountAsync() == 0)
        {
            return;
        }
        if (await tab.First.GetAttributeAsync("aria-selected") != "true")
        {
            await tab.First.ClickAsync();
        }
        await Expect(tab.First).ToHaveAttributeAsync("aria-selected", "true");
    }
}
