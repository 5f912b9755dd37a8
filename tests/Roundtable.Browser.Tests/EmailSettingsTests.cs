using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Roundtable.Server.Email;
using Roundtable.Server.Storage;
using Roundtable.Testing.Email;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>Which emails a person receives: the settings page, and the one-click link at the foot of an email.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailSettingsTests(BrowserFixture fixture)
{
    private const string RemindersLabel = "Reminders a day and 15 minutes before a roundtable";

    [Fact]
    public async Task ThePersonTurnsAKindOfEmailOffAndOnWithTheKeyboard()
    {
        var context = await fixture.SignedInContextAsync("noor@roundtable.local", AccessibilityTests.Options(1280));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByText("Emails go to noor@roundtable.local.")).ToBeVisibleAsync();

            var reminders = page.GetByRole(AriaRole.Checkbox, new() { Name = RemindersLabel });
            await Expect(reminders).ToBeCheckedAsync();
            // What the person asked for cannot be turned off.
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Password reset links" })).ToBeDisabledAsync();

            await reminders.FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Email" }).GetByRole(AriaRole.Status)).ToContainTextAsync("No more emails about: reminders");
            Assert.False(await ReceivesAsync(context, EmailKinds.Reminders));

            await page.ReloadAsync();
            await Expect(reminders).Not.ToBeCheckedAsync();
            await reminders.FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Email" }).GetByRole(AriaRole.Status)).ToContainTextAsync("You will receive emails about: reminders");
            Assert.True(await ReceivesAsync(context, EmailKinds.Reminders));
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task TheLinkInAnEmailUnsubscribesInOneClickWithoutSigningInAndCanBeUndone()
    {
        var theo = fixture.Server.Services.GetRequiredService<RoundtableDb>().Users.FindOne(u => u.Email == "theo@roundtable.local");
        var subject = $"Reminder {Guid.NewGuid():N}";
        var outcome = await fixture.Server.Services.GetRequiredService<MailOutbox>()
            .SendOnceAsync($"browser-test:{subject}", theo.Id, EmailKinds.Reminders, _ => new(subject, "Your roundtable starts soon."));
        Assert.Equal(MailOutcome.Sent, outcome);
        var email = await fixture.Smtp.WaitForAsync(m => m.Subject == subject, "the reminder to Theo");
        var link = email.LinkStartingWith(fixture.BaseUrl.TrimEnd('/') + "/unsubscribe.html?token=");

        var context = await fixture.NewContextAsync(AccessibilityTests.Options(375));
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You will no longer receive emails about: reminders a day and 15 minutes before a roundtable.");
            Assert.Contains(EmailKinds.Reminders, fixture.Server.Services.GetRequiredService<RoundtableDb>().Users.FindById(theo.Id).EmailOptOuts ?? []);
            await AccessibilityTests.AssertNoViolationsAsync(page);

            var undo = page.GetByRole(AriaRole.Button, new() { Name = "Undo: keep receiving them" });
            await undo.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("again");
            Assert.Null(fixture.Server.Services.GetRequiredService<RoundtableDb>().Users.FindById(theo.Id).EmailOptOuts);

            // A damaged link says so plainly.
            await page.GotoAsync("/unsubscribe.html?token=damaged");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This unsubscribe link is not valid");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task<bool> ReceivesAsync(IBrowserContext context, string kind)
    {
        var preferences = (await (await context.APIRequest.GetAsync("/api/me/email-preferences")).JsonAsync())!.Value;
        return preferences.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == kind).GetProperty("receive").GetBoolean();
    }
}
