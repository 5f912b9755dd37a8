using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Testing.Email;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Following an invitation's and a password reset's emailed link, from the real mail server to the signed-in home page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountLinksTests(BrowserFixture fixture)
{
    private const string NewPassword = "a quiet harbour at dawn";

    /// <summary>Invites someone as the set-up screens do: by appending <see cref="UserInvited"/>.</summary>
    private async Task InviteAsync(string email, string displayName)
    {
        var services = fixture.Server.Services;
        var adminId = services.GetRequiredService<AccountService>().FindByEmail("admin@roundtable.local")!.Id;
        var problem = await services.GetRequiredService<DirectoryWriter>().WriteAsync(() => DirectoryDecision.Accept(new UserInvited(Ids.New(), email, displayName, adminId)));
        Assert.Null(problem);
    }

    private async Task<string> LinkInEmailAsync(string email, string subject, string page)
    {
        var message = await fixture.Smtp.WaitForAsync(m => m.Subject == subject && m.To.Mailboxes.Any(a => a.Address == email), $"“{subject}” to {email}");
        return message.LinkStartingWith($"{fixture.BaseUrl.TrimEnd('/')}/{page}?token=");
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task AnInvitedPersonFollowsTheEmailedLinkSetsAPasswordByKeyboardAndLandsSignedInAtHome(int width)
    {
        var email = $"ines-{Token()}@example.org";
        await InviteAsync(email, "Ines Invited");
        var link = await LinkInEmailAsync(email, "You are invited to Roundtable", "invite.html");

        var context = await fixture.NewContextAsync(AccessibilityTests.Options(width));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(link);
            await Expect(page.GetByText($"Choose a password for the account of Ines Invited ({email}).")).ToBeVisibleAsync();
            // The token leaves the address bar.
            await Expect(page).ToHaveURLAsync(new Regex("/invite\\.html$"));
            await AccessibilityTests.AssertNoViolationsAsync(page);

            await TabUntilFocusedAsync(page, page.GetByLabel("Password", new() { Exact = true }));
            await page.Keyboard.TypeAsync(NewPassword);
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Confirm password")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("a quiet harbour at dusk");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByLabel("Confirm password")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.GetByLabel("Confirm password")).ToBeFocusedAsync();
            await Expect(page.GetByText("The two passwords are not the same.")).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);

            await page.Keyboard.PressAsync("ControlOrMeta+A");
            await page.Keyboard.TypeAsync(NewPassword);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("/$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Ines Invited")).ToBeVisibleAsync();

            // The link worked once.
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("This link cannot be used");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Go to sign in" })).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ForgotPasswordSendsALinkThatSetsANewPasswordAndSignsIn()
    {
        var email = $"rosa-{Token()}@example.org";
        using (var admin = await fixture.Server.HttpAsAsync("admin@roundtable.local"))
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { email, displayName = "Rosa Reset", password = DemoPassword, isAdmin = false });
            created.EnsureSuccessStatusCode();
        }
        var context = await fixture.NewContextAsync(AccessibilityTests.Options(1280));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/signin.html");
            var forgot = page.GetByText("Forgot your password?");
            await TabUntilFocusedAsync(page, forgot);
            await page.Keyboard.PressAsync("Enter");
            var forgotForm = page.Locator("#forgot-form");
            await forgotForm.GetByLabel("Email").FocusAsync();
            await page.Keyboard.TypeAsync(email);
            await page.Keyboard.PressAsync("Enter");
            await Expect(forgotForm.GetByRole(AriaRole.Status)).ToContainTextAsync("If this address has an account here");
            await AccessibilityTests.AssertNoViolationsAsync(page);

            var link = await LinkInEmailAsync(email, "Choose a new Roundtable password", "reset-password.html");
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a new password" })).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("password12345");
            await page.GetByLabel("Confirm password").FillAsync("password12345");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
            await Expect(page.GetByText("list of common passwords").First).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeFocusedAsync();

            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(NewPassword);
            await page.GetByLabel("Confirm password").FillAsync(NewPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();
            await Expect(page.GetByText("Rosa Reset")).ToBeVisibleAsync();

            // Used once: the same link now says so, with the way to a new one.
            await page.GotoAsync(link);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("another quiet harbour");
            await page.GetByLabel("Confirm password").FillAsync("another quiet harbour");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("This link cannot be used");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task TheSignedOutPagesFitAPhoneAndHaveNoAxeViolations(int width)
    {
        var context = await fixture.NewContextAsync(AccessibilityTests.Options(width));
        try
        {
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/signin.html", "/invite.html?token=not-a-real-token", "/reset-password.html?token=not-a-real-token" })
            {
                await page.GotoAsync(path);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{path} is {scrollWidth} px wide in a {width} px window");
                await AccessibilityTests.AssertNoViolationsAsync(page);
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
