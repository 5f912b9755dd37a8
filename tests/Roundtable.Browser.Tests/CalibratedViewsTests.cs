using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The calibrated aggregate beside the raw one where a presenter reads their feedback first, on the demo cohort (its
/// coaches show it): a roundtable's summary and an asynchronous presentation of the closed round; the coach sees the
/// same pair, marked as what the presenter sees. By keyboard, with axe, at phone width too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CalibratedViewsTests(BrowserFixture fixture)
{
    public static TheoryData<int> Widths => [1280, 375];

    private const string Caption = "Peer aggregate: raw, and calibrated (each peer's usual leniency on the criterion removed)";

    /// <summary>The line under the table, as the code calibrates: leniency taken off once it rests on 3 presentations.</summary>
    private static readonly Regex WhatCalibrationDid = new(
        @"^What calibration did: each peer's usual leniency on a criterion was taken off their score .+ fewer than 3 presentations rated beside others on that criterion counts as given\.$");

    /// <summary>As <see cref="CalibrationTests"/>: the steps, then axe and a page that fits the window.</summary>
    private Task AsAsync(string email, int width, Func<IBrowserContext, IPage, Task> steps) => CalibrationTests.AsAsync(fixture, email, width, steps);

    /// <summary>The pair's table: raw then calibrated, criterion by criterion and overall.</summary>
    private static async Task ExpectPairAsync(ILocator scope)
    {
        var table = scope.GetByRole(AriaRole.Table, new() { Name = Caption });
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Raw mean (as given)" })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = "Calibrated mean" })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Overall (weighted)" })).ToHaveAccessibleNameAsync(new Regex(@"^Overall \(weighted\) \d\.\d \d\.\d"));
        await Expect(scope.GetByText(WhatCalibrationDid)).ToBeVisibleAsync();
    }

    private static ILocator PresentationBy(IPage page, string presenter) =>
        page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex($"^{presenter} · ") });

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task ThePresenterSeesTheCalibratedAggregateOnTheSummaryOfTheirOwnPresentationOnly(int width)
    {
        await AsAsync("lena@roundtable.local", width, async (context, page) =>
        {
            var roomId = await fixture.RoomIdAsync(context, "Practice round: elevator pitches");
            await page.GotoAsync($"/summary.html?id={roomId}");
            var lenas = PresentationBy(page, "Lena Learner");
            await ExpectPairAsync(lenas);
            await Expect(lenas.GetByText(new Regex(@"^Raw: the mean of the scores as your peers gave them\."))).ToBeVisibleAsync();
            // Liam's raw aggregate is there for the cohort to read; his calibrated one is his and the coaches'.
            var liams = PresentationBy(page, "Liam Learner");
            await Expect(liams.GetByRole(AriaRole.Table, new() { Name = "Peer feedback on Liam Learner's presentation, by criterion" })).ToBeVisibleAsync();
            await Expect(liams.GetByRole(AriaRole.Table, new() { Name = Caption })).ToHaveCountAsync(0);

            // The pair's scrolling box is reached by keyboard.
            await BrowserFixture.TabUntilFocusedAsync(page, lenas.GetByRole(AriaRole.Region, new() { Name = Caption }), 80);
        });
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task TheCoachSeesOnTheSummaryThePairEachPresenterIsShown(int width)
    {
        await AsAsync("coach@roundtable.local", width, async (context, page) =>
        {
            var roomId = await fixture.RoomIdAsync(context, "Practice round: elevator pitches");
            await page.GotoAsync($"/summary.html?id={roomId}");
            foreach (var presenter in new[] { "Lena Learner", "Liam Learner" })
            {
                var section = PresentationBy(page, presenter);
                await ExpectPairAsync(section);
                await Expect(section.GetByText(new Regex(@"^What the presenter sees, as the cohort's coaches chose\. Raw: the mean of the scores as the peers gave them\."))).ToBeVisibleAsync();
            }
        });
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task ThePresenterOpensTheirAsynchronousPresentationByKeyboardAndSeesTheCalibratedAggregate(int width)
    {
        await AsAsync("lena@roundtable.local", width, async (_, page) =>
        {
            await page.GotoAsync("/async-presentations.html");
            var link = page.GetByRole(AriaRole.Region, new() { Name = "My presentations", Exact = true })
                .GetByRole(AriaRole.Link, new() { Name = "Opening a discovery call", Exact = true });
            await BrowserFixture.TabUntilFocusedAsync(page, link, 80);
            await page.Keyboard.PressAsync("Enter");
            var detail = page.GetByRole(AriaRole.Region, new() { Name = "Opening a discovery call", Exact = true });
            await Expect(detail.GetByRole(AriaRole.Table, new() { Name = "Peer ratings" })).ToBeVisibleAsync();
            await ExpectPairAsync(detail);
            await Expect(detail.GetByText(new Regex(@"^Raw: the mean of the scores as your peers gave them\."))).ToBeVisibleAsync();
            await BrowserFixture.TabUntilFocusedAsync(page, detail.GetByRole(AriaRole.Region, new() { Name = Caption }), 120);
        });
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task TheCoachSeesTheSamePairOnAnAsynchronousPresentation(int width)
    {
        await AsAsync("coach@roundtable.local", width, async (_, page) =>
        {
            await page.GotoAsync("/async-presentations.html");
            await page.GetByRole(AriaRole.Region, new() { Name = "Feedback rounds of the cohorts I run" })
                .GetByRole(AriaRole.Link, new() { Name = "Opening a discovery call", Exact = true }).First.ClickAsync();
            var detail = page.GetByRole(AriaRole.Region, new() { Name = "Opening a discovery call", Exact = true });
            await ExpectPairAsync(detail);
            await Expect(detail.GetByText(new Regex(@"^What the presenter sees, as the cohort's coaches chose\."))).ToBeVisibleAsync();
        });
    }
}
