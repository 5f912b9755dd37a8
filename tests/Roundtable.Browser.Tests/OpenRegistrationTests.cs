using Microsoft.Playwright;
using Roundtable.Testing;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Creating an account from the sign-in page, on a server that allows it (Accounts:OpenRegistration; off by default).</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenRegistrationTests(BrowserFixture fixture, OpenRegistrationTests.OpenServer server) : IClassFixture<OpenRegistrationTests.OpenServer>
{
    public sealed class OpenServer : IAsyncLifetime
    {
        public RoundtableServer Server { get; } = new(settings: new Dictionary<string, string> { ["Accounts:OpenRegistration"] = "true" });

        public async Task InitializeAsync() => await Server.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    [Fact]
    public async Task RegisteringShowsFieldErrorsThenAsksToSignInWithTheEmailFilledIn()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/signin.html");
            var register = page.GetByRole(AriaRole.Region, new() { Name = "New here? Create an account" });
            var email = $"new-{Token()}@example.org";
            await register.GetByLabel("Display name").FillAsync("Nia Newcomer");
            await register.GetByLabel("Email").FillAsync(email);
            await register.GetByLabel("Password").FillAsync("short");
            await register.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(register.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(register.GetByLabel("Password")).ToBeFocusedAsync();
            await Expect(register.GetByText("Choose a password of 10")).ToHaveCountAsync(2);

            await register.GetByLabel("Password").FillAsync("password12345");
            await register.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(register.GetByText("list of common passwords")).ToHaveCountAsync(2);

            await register.GetByLabel("Password").FillAsync("a much longer password");
            await register.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

            // Nobody is signed in by registering: the page says what to do and hands over to the sign-in form.
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("sign in");
            await Expect(page.GetByLabel("Email").First).ToHaveValueAsync(email);
            await Expect(page.GetByLabel("Password").First).ToBeFocusedAsync();
            await Expect(register.GetByLabel("Email")).ToHaveValueAsync("");
            await page.Keyboard.TypeAsync("a much longer password");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My roundtables" })).ToBeVisibleAsync();
            await Expect(page.GetByText("You are not in any cohort yet.")).ToBeVisibleAsync();
            await Expect(page.GetByText("Nia Newcomer")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task RegisteringAnEmailThatHasAnAccountLooksTheSameAndItsPasswordStaysTheirs()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/signin.html");
            var register = page.GetByRole(AriaRole.Region, new() { Name = "New here? Create an account" });
            await register.GetByLabel("Display name").FillAsync("Not Theo");
            await register.GetByLabel("Email").FillAsync("theo@roundtable.local");
            await register.GetByLabel("Password").FillAsync("a much longer password");
            await register.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If this email address was new here");
            await page.Keyboard.TypeAsync("a much longer password");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not right");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
