using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task KeyboardAloneSignsInReachesTheRoomAndSendsAMessage()
    {
        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html\\?returnUrl="));

            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Email").First).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("lena@roundtable.local");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync(DemoPassword);
            await page.Keyboard.PressAsync("Enter");

            var roomLink = page.GetByRole(AriaRole.Link, new() { Name = $"Join {LiveRoomTitle}" });
            await Expect(roomLink).ToBeVisibleAsync();
            await TabUntilFocusedAsync(page, roomLink);
            await page.Keyboard.PressAsync("Enter");

            await Expect(Connection(page)).ToHaveTextAsync("Connected");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to message box" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByLabel("Message")).ToBeFocusedAsync();

            var token = Token();
            await page.Keyboard.TypeAsync($"Typed with keys {token}");
            await page.Keyboard.PressAsync("Shift+Enter");
            await page.Keyboard.TypeAsync("second line");
            await page.Keyboard.PressAsync("Enter");

            var message = ChatLog(page).GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"Typed with keys {token}" });
            await Expect(message).ToContainTextAsync("second line");
            await Expect(message.Locator("br")).ToHaveCountAsync(1);
            await Expect(page.GetByLabel("Message")).ToHaveValueAsync("");
            await Expect(page.GetByLabel("Message")).ToBeFocusedAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task VisitorIsSentToSignInAndBackToTheRoom()
    {
        var probe = await fixture.SignedInContextAsync("theo@roundtable.local");
        var roomId = await fixture.RoomIdAsync(probe, LiveRoomTitle);
        await probe.CloseAsync();

        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"/room.html?id={roomId}");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html\\?returnUrl="));
            await page.GetByLabel("Email").First.FillAsync("theo@roundtable.local");
            await page.GetByLabel("Password").First.FillAsync("not the password");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not right");

            await page.GetByLabel("Password").First.FillAsync(DemoPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/room\\.html\\?id={roomId}$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = LiveRoomTitle, Level = 1 })).ToBeVisibleAsync();
            await Expect(Connection(page)).ToHaveTextAsync("Connected");

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html$"));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task CreatingAnAccountIsNotOfferedUnlessTheServerAllowsIt()
    {
        var context = await fixture.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/signin.html");
            await Expect(page.GetByText("Forgot your password?")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "New here? Create an account" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create account" })).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task ThePasswordFormWorksByKeyboardAndItsErrorsHaveNoAxeViolations(int width)
    {
        var email = $"kim-{Token()}@example.org";
        using (var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local"))
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email, displayName = "Kim Keys", password = DemoPassword, isAdmin = false });
            created.EnsureSuccessStatusCode();
        }
        var context = await fixture.SignedInContextAsync(email, AccessibilityTests.Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/profile.html");
            var security = page.GetByRole(AriaRole.Region, new() { Name = "Password and sessions" });
            await security.GetByLabel("Current password").FocusAsync();
            await page.Keyboard.TypeAsync("not my password");
            await page.Keyboard.PressAsync("Tab");
            await Expect(security.GetByLabel("New password")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("password1234");
            await page.Keyboard.PressAsync("Enter");
            await Expect(security.GetByLabel("Current password")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(security.GetByLabel("Current password")).ToBeFocusedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);

            // The right current password and a common new one: the policy's reason is shown on the new password.
            await page.Keyboard.PressAsync("ControlOrMeta+A");
            await page.Keyboard.TypeAsync(DemoPassword);
            await page.Keyboard.PressAsync("Enter");
            await Expect(security.GetByLabel("New password")).ToHaveAttributeAsync("aria-invalid", "true");
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ChangingThePasswordOnTheProfilePageSignsOutTheOtherBrowserAndSignOutEverywhereEndsThisOne()
    {
        var email = $"pat-{Token()}@example.org";
        using (var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local"))
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email, displayName = "Pat Keys", password = DemoPassword, isAdmin = false });
            created.EnsureSuccessStatusCode();
        }
        var here = await fixture.SignedInContextAsync(email);
        var elsewhere = await fixture.SignedInContextAsync(email);
        try
        {
            var page = await here.NewPageAsync();
            await page.GotoAsync("/profile.html");
            var security = page.GetByRole(AriaRole.Region, new() { Name = "Password and sessions" });
            await security.GetByLabel("Current password").FillAsync("not my password");
            await security.GetByLabel("New password").FillAsync("lanterns over the river");
            await security.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Expect(security.GetByLabel("Current password")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(security.GetByLabel("Current password")).ToBeFocusedAsync();

            await security.GetByLabel("Current password").FillAsync(DemoPassword);
            await security.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
            await Expect(security.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed");

            // The other browser's session is over; this one goes on.
            var other = await elsewhere.NewPageAsync();
            await other.GotoAsync("/profile.html");
            await Expect(other).ToHaveURLAsync(new Regex("/signin\\.html\\?returnUrl="));
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My profile" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html$"));
            await page.GotoAsync("/profile.html");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html\\?returnUrl="));
        }
        finally
        {
            await here.CloseAsync();
            await elsewhere.CloseAsync();
        }
    }
}
