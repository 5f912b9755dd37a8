using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class RubricsTests(BrowserFixture fixture)
{
    private const string ProgramRubrics = "Rubrics of Customer Discovery Academy";
    private const string DemoRubric = "Presentation rubric";

    private async Task<IPage> OpenRubricsAsync(string email, BrowserNewContextOptions? options = null)
    {
        var context = await fixture.SignedInContextAsync(email, options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/rubrics.html");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = ProgramRubrics })).ToBeVisibleAsync();
        return page;
    }

    private static ILocator Criterion(IPage page, int number) => page.GetByRole(AriaRole.Group, new() { Name = $"Criterion {number}", Exact = true });

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Status(IPage page) => page.Locator("#rubrics-status");

    private static ILocator DetailHeading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 2, Exact = true });

    private static async Task FillCriterionAsync(IPage page, int number, string name, params string[] levels)
    {
        var criterion = Criterion(page, number);
        await criterion.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await criterion.GetByLabel("Number of levels").SelectOptionAsync(levels.Length.ToString());
        for (var i = 0; i < levels.Length; i++)
        {
            await criterion.GetByLabel(new Regex($"^Level {i + 1}( \\(|$)")).FillAsync(levels[i]);
        }
    }

    [Fact]
    public async Task CoachCreatesARubricRevisesItAndReadsVersionOneAsItWas()
    {
        var context = await fixture.SignedInContextAsync("coach@roundtable.local");
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = ProgramRubrics }).ClickAsync();
            await Button(page, "New rubric").ClickAsync();
            await Expect(DetailHeading(page, "New rubric")).ToBeFocusedAsync();

            var name = $"Pitch {Token()}";
            await page.GetByLabel("Rubric name").FillAsync(name);
            await FillCriterionAsync(page, 1, "Clarity", "Muddled", "Mostly clear", "Crystal clear");
            await Button(page, "Add criterion").ClickAsync();
            await Expect(Criterion(page, 2).GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
            await FillCriterionAsync(page, 2, "Delivery", "Hesitant", "Assured");
            await Criterion(page, 2).GetByLabel("Weight").FillAsync("2");
            await Button(page, "Add prompt").ClickAsync();
            await page.GetByLabel("Prompt 1").FillAsync("What worked?");
            await Button(page, "Save rubric").ClickAsync();

            await Expect(Status(page)).ToHaveTextAsync($"Saved {name} as version 1.");
            await Expect(DetailHeading(page, name)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Delivery: levels 1 to 2" })).ToContainTextAsync("Assured");

            await Button(page, "Edit rubric").ClickAsync();
            await Criterion(page, 2).GetByLabel("Name", new() { Exact = true }).FillAsync("Delivery and pace");
            await Button(page, "Move criterion 2 up").ClickAsync();
            await Expect(Criterion(page, 1).GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Delivery and pace");
            await Button(page, "Save rubric").ClickAsync();

            await Expect(Status(page)).ToHaveTextAsync($"Saved {name} as version 2.");
            var versions = page.GetByRole(AriaRole.Navigation, new() { Name = "Versions" });
            await Expect(versions.GetByRole(AriaRole.Link, new() { Name = "Version 2 (latest)" })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 4 }).First).ToContainTextAsync("Delivery and pace");

            await versions.GetByRole(AriaRole.Link, new() { Name = "Version 1", Exact = true }).ClickAsync();
            await Expect(page.GetByText("This is version 1, kept as it was saved")).ToBeVisibleAsync();
            await Expect(DetailHeading(page, name)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 4 })).ToHaveTextAsync([new Regex("^Clarity"), new Regex("^Delivery weight 2$")]);
            await Expect(Button(page, "Edit rubric")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task AFieldTheServerRefusesIsMarkedWithItsMessageBesideIt()
    {
        var page = await OpenRubricsAsync("coach@roundtable.local");
        try
        {
            await Button(page, "New rubric").ClickAsync();
            await page.GetByLabel("Rubric name").FillAsync($"Unfinished {Token()}");
            await FillCriterionAsync(page, 1, "Clarity", "Low", "Middle", "High");
            await Criterion(page, 1).GetByLabel("Weight").FillAsync("0");
            await Button(page, "Save rubric").ClickAsync();

            var weight = Criterion(page, 1).GetByLabel("Weight");
            await Expect(weight).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(weight).ToHaveAccessibleDescriptionAsync(new Regex("A weight is more than 0 and at most 10"));
            await Expect(weight).ToBeFocusedAsync();
            await Expect(Criterion(page, 1).GetByText("A weight is more than 0 and at most 10")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not saved" })).ToBeVisibleAsync();
            await Expect(Criterion(page, 1).GetByLabel("Name", new() { Exact = true })).Not.ToHaveAttributeAsync("aria-invalid", "true");

            await weight.FillAsync("1.5");
            await Button(page, "Save rubric").ClickAsync();
            await Expect(Status(page)).ToContainTextAsync("as version 1.");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task KeyboardAloneCreatesARubric()
    {
        var page = await OpenRubricsAsync("coach@roundtable.local");
        try
        {
            var name = $"Keyboard {Token()}";
            await TabUntilFocusedAsync(page, Button(page, "New rubric"));
            await page.Keyboard.PressAsync("Enter");
            await Expect(DetailHeading(page, "New rubric")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByLabel("Rubric name")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(name);

            var criterion = Criterion(page, 1);
            await TabUntilFocusedAsync(page, criterion.GetByLabel("Name", new() { Exact = true }));
            await page.Keyboard.TypeAsync("Clarity");
            var levels = criterion.GetByLabel("Number of levels");
            await TabUntilFocusedAsync(page, levels);
            await page.Keyboard.TypeAsync("2");
            await Expect(levels).ToHaveValueAsync("2");
            await Expect(levels).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(criterion.GetByLabel("Level 1 (lowest)")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Hard to follow");
            await page.Keyboard.PressAsync("Tab");
            await Expect(criterion.GetByLabel("Level 2 (highest)")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("Easy to follow");

            await TabUntilFocusedAsync(page, Button(page, "Add prompt"));
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByLabel("Prompt 1")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("One thing to improve");
            await TabUntilFocusedAsync(page, Button(page, "Save rubric"));
            await page.Keyboard.PressAsync("Enter");

            await Expect(Status(page)).ToHaveTextAsync($"Saved {name} as version 1.");
            await Expect(DetailHeading(page, name)).ToBeFocusedAsync();
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Clarity: levels 1 to 2" })).ToHaveTextAsync("Hard to followEasy to follow");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(AccessibilityTests.Widths), MemberType = typeof(AccessibilityTests))]
    public async Task RubricsPageHasNoAxeViolations(int width)
    {
        var page = await OpenRubricsAsync("coach@roundtable.local", AccessibilityTests.Options(width));
        try
        {
            await page.GetByRole(AriaRole.Link, new() { Name = DemoRubric }).ClickAsync();
            await Expect(DetailHeading(page, DemoRubric)).ToBeVisibleAsync();
            await AccessibilityTests.AssertNoViolationsAsync(page);

            await Button(page, "New rubric").ClickAsync();
            await Button(page, "Add prompt").ClickAsync();
            await Button(page, "Save rubric").ClickAsync();
            await Expect(page.GetByLabel("Rubric name")).ToHaveAttributeAsync("aria-invalid", "true");
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task ALearnerReadsRubricsWithoutAnyWayToChangeThem()
    {
        var page = await OpenRubricsAsync("lena@roundtable.local");
        try
        {
            await Expect(Button(page, "New rubric")).ToBeHiddenAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = DemoRubric }).ClickAsync();
            await Expect(DetailHeading(page, DemoRubric)).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 4 })).ToHaveCountAsync(5);
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "Clarity: levels 1 to 5" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(5);
            await Expect(page.GetByText("What worked?")).ToBeVisibleAsync();
            await Expect(Button(page, "Edit rubric")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);

            await page.GotoAsync("/");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Join {LiveRoomTitle}" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = ProgramRubrics })).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
