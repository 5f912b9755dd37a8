using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// First-run set-up in a deployment (the Production environment, no demo): the sign-in page points to /setup.html, where
/// the set-up token creates the first admin with the keyboard alone; then set-up is closed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SetupTests(BrowserFixture fixture)
{
    private const string SetupToken = "token-the-operator-put-in-Setup__AdminToken";

    private static RoundtableServer NewDeployment() =>
        new("Production", new Dictionary<string, string> { ["Setup:AdminToken"] = SetupToken });

    [Fact]
    public async Task KeyboardAloneCreatesTheFirstAdminWithTheSetupTokenOnce()
    {
        await using var server = NewDeployment();
        await server.StartAsync();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await Expect(page).ToHaveURLAsync(new Regex("/signin\\.html\\?returnUrl="));
            var setUp = page.GetByRole(AriaRole.Link, new() { Name = "Set it up" });
            await Expect(setUp).ToBeVisibleAsync();
            await TabUntilFocusedAsync(page, setUp);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up Roundtable" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Set-up token")).ToBeVisibleAsync();

            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Set-up token")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("a token somebody guessed");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("Ada Founder");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("ada@example.org");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("lantern orchard mosaic");
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("set-up token is not right");
            await Expect(page.GetByLabel("Set-up token")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.GetByLabel("Set-up token")).ToBeFocusedAsync();

            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.TypeAsync(SetupToken);
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Ada Founder")).ToBeVisibleAsync();

            // Spent: the page now says so, and the sign-in page no longer points here.
            await page.GotoAsync("/setup.html");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("This server is set up already: it has an admin account.");
            await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
            var other = await fixture.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
            var signIn = await other.NewPageAsync();
            await signIn.GotoAsync("/signin.html");
            await Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await Expect(signIn.GetByRole(AriaRole.Link, new() { Name = "Set it up" })).ToBeHiddenAsync();
            await other.CloseAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task SetupPageHasNoAxeViolations(int width)
    {
        await using var server = NewDeployment();
        await server.StartAsync();
        var options = AccessibilityTests.Options(width);
        options.BaseURL = server.BaseAddress.ToString();
        var context = await fixture.Browser.NewContextAsync(options);
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/setup.html");
            await Expect(page.GetByLabel("Set-up token")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);

            // The error state too.
            await page.GetByRole(AriaRole.Button, new() { Name = "Create admin account" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);

            // And the sign-in page with its pointer to set-up.
            await page.GotoAsync("/signin.html");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Set it up" })).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task SetupPageOnAServerWithAnAdminSaysItIsSetUp()
    {
        var context = await fixture.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/setup.html");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("This server is set up already: it has an admin account.");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Set-up token")).ToBeHiddenAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
