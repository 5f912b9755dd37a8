using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>
/// The feedback panel: the coach opens feedback on Lena's presentation with the demo program's rubric, learners rate it
/// through the form in the drawer beside the stage, Lena watches it arrive. Each test in a roundtable of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FeedbackTests(BrowserFixture fixture)
{
    private const string Lena = "lena@roundtable.local";
    private const string Liam = "liam@roundtable.local";
    private const string Noor = "noor@roundtable.local";
    private const string Theo = "theo@roundtable.local";
    private static readonly string[] Criteria = ["Clarity", "Structure", "Evidence & examples", "Audience engagement", "Delivery"];

    private readonly List<IPage> _pages = [];

    /// <summary>The title of the roundtable <see cref="LenaPresentsAsync(string[])"/> made.</summary>
    private string _title = "";

    private static ILocator Panel(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Feedback", Exact = true });

    private static ILocator Button(ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator PeerRatings(IPage page) => Panel(page).GetByRole(AriaRole.Table, new() { Name = "Peer ratings" });

    private static ILocator Row(ILocator table, string header) =>
        table.GetByRole(AriaRole.Row).Filter(new() { Has = table.Page.GetByRole(AriaRole.Rowheader, new() { Name = header }) });

    private static ILocator Comment(IPage page, string text) =>
        Panel(page).GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = text });

    /// <summary>The viewer's own rating form, wherever it is: beside the stage for a peer, in the panel for the others.</summary>
    private static ILocator Rating(IPage page) =>
        page.GetByRole(AriaRole.Form, new() { NameRegex = new Regex("^Your (feedback|rating as coach|self-assessment)$") });

    private static ILocator Criterion(IPage page, string name) => Rating(page).GetByRole(AriaRole.Radiogroup, new() { Name = name });

    private static ILocator Score(IPage page, string criterion, int score) =>
        Criterion(page, criterion).GetByRole(AriaRole.Radio, new() { NameRegex = new Regex($"^{score}: ") });

    private static ILocator Slide(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Current slide" });

    private static ILocator OnStage(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Peer ratings of Lena Learner's presentation" });

    private static ILocator Sent(IPage page) => Panel(page).GetByRole(AriaRole.Status);

    /// <summary>A new live roundtable in the demo cohort with the coach and the given learners in it, and Lena presenting.</summary>
    private Task<(IPage Coach, IPage Lena, IPage[] Peers)> LenaPresentsAsync(params string[] peers) => LenaPresentsAsync(Options(), peers);

    private async Task<(IPage Coach, IPage Lena, IPage[] Peers)> LenaPresentsAsync(BrowserNewContextOptions options, params string[] peers)
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("Feedback", options);
        _title = title;
        _pages.Add(coach);
        foreach (var email in new[] { Lena }.Concat(peers))
        {
            _pages.Add(await fixture.OpenRoomAsync(email, title, options));
        }
        var lena = _pages[1];

        await RoomUi.OpenTabAsync(coach, "Agenda");
        var presenter = coach.GetByLabel("Presenter", new() { Exact = true });
        await Expect(presenter.Locator("option", new() { HasText = "Lena Learner" })).ToHaveCountAsync(1);
        await presenter.SelectOptionAsync(new SelectOptionValue { Label = "Lena Learner" });
        await coach.GetByRole(AriaRole.Button, new() { Name = "Add presentation slot" }).ClickAsync();
        await coach.GetByRole(AriaRole.Button, new() { Name = "Start presentation: Lena Learner" }).ClickAsync();
        await Expect(lena.GetByText("Presenting: Lena Learner")).ToBeVisibleAsync();
        foreach (var page in _pages)
        {
            await RoomUi.OpenTabAsync(page, "Feedback");
        }
        return (coach, lena, [.. _pages.Skip(2)]);
    }

    private static BrowserNewContextOptions Options() => AccessibilityTests.Options(1280);

    // One axe check for every page test: AccessibilityTests owns it.
    private static async Task AssertNoViolationsAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await AccessibilityTests.AssertNoViolationsAsync(page);
        }
    }

    private async Task CloseAllAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private const string ShownAtOnce = "Shown to the presenter at once (hide any afterwards)";
    private const string HeldForReview = "Held for your review before the presenter sees them";

    private static async Task OpenFeedbackAsync(IPage coach, string names, string comments = ShownAtOnce)
    {
        var panel = Panel(coach);
        await Expect(panel.GetByLabel("Presentation", new() { Exact = true })).ToHaveValueAsync(new Regex("."));
        var rubric = panel.GetByLabel("Rubric", new() { Exact = true });
        await Expect(rubric.Locator("option", new() { HasText = "Presentation rubric" })).ToHaveCountAsync(1);
        await rubric.SelectOptionAsync(new SelectOptionValue { Label = "Presentation rubric (version 1)" });
        await panel.GetByLabel("Names", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = names });
        await panel.GetByLabel("Peers' comments", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = comments });
        await Button(panel, "Open feedback").ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Heading, new() { Name = "Feedback on Lena Learner's presentation" })).ToBeVisibleAsync();
    }

    /// <summary>Fills the form (the same score on every criterion) and sends it, as a person with a mouse would.</summary>
    private static async Task GiveAsync(IPage page, int score, string? worked = null, string? improve = null)
    {
        foreach (var criterion in Criteria)
        {
            await Score(page, criterion, score).CheckAsync();
        }
        await Rating(page).GetByLabel("What worked?").FillAsync(worked ?? "");
        await Rating(page).GetByLabel("One thing to improve").FillAsync(improve ?? "");
        await Button(Rating(page), "Send feedback").ClickAsync();
        await Expect(Sent(page)).ToHaveTextAsync("Sent — you can revise until feedback closes.");
    }

    [Fact]
    public async Task AVagueCommentGetsAPoliteHintWithStartersAndCanStillBeSent()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(Liam);
            var liam = peers[0];
            await OpenFeedbackAsync(coach, "Named");
            foreach (var criterion in Criteria)
            {
                await Score(liam, criterion, 4).CheckAsync();
            }
            var worked = Rating(liam).GetByLabel("What worked?");
            await worked.PressSequentiallyAsync("good job");
            await Expect(worked).ToHaveAccessibleDescriptionAsync(new Regex("could be said of any presentation"));
            var starters = Rating(liam).GetByRole(AriaRole.Group, new() { Name = "Starters:" }).First;
            await Expect(starters.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Clarity: ") })).ToBeVisibleAsync();
            // Its own prompt is not offered as its starter.
            await Expect(starters.GetByRole(AriaRole.Button, new() { Name = "What worked?", Exact = true })).ToHaveCountAsync(0);
            await AssertNoViolationsAsync(liam);

            // By keyboard: from the box to the first starter, which writes its words into the box and returns there.
            await worked.PressAsync("End");
            await liam.Keyboard.PressAsync("Tab");
            await Expect(starters.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Clarity: ") })).ToBeFocusedAsync();
            await liam.Keyboard.PressAsync("Enter");
            await Expect(worked).ToBeFocusedAsync();
            await Expect(worked).ToHaveValueAsync(new Regex(@"^good job Clarity \(towards “.+”\): when you $"));
            await liam.Keyboard.TypeAsync("showed the two charts side by side");
            await Expect(worked).ToHaveAccessibleDescriptionAsync("");

            // A vague comment is advice only: it is sent all the same.
            var improve = Rating(liam).GetByLabel("One thing to improve");
            await improve.PressSequentiallyAsync("could be better");
            await Expect(improve).ToHaveAccessibleDescriptionAsync(new Regex("could be said of any presentation"));
            await Expect(Button(Rating(liam), "Send feedback")).ToBeEnabledAsync();
            await Button(Rating(liam), "Send feedback").ClickAsync();
            await Expect(Sent(liam)).ToHaveTextAsync("Sent — you can revise until feedback closes.");
            await Expect(Comment(lena, "could be better")).ToContainTextAsync("Liam Learner");

            // Lena finds it very helpful; Liam's home page shows the rating beside this roundtable.
            var helpful = Comment(lena, "could be better").GetByRole(AriaRole.Group, new() { Name = "How helpful was this?" });
            await Button(helpful, "Very helpful").ClickAsync();
            await Expect(Panel(liam)).ToContainTextAsync("The presenter rated your feedback: Very helpful.");
            var home = await liam.Context.NewPageAsync();
            _pages.Add(home);
            await home.GotoAsync("/");
            var section = home.GetByRole(AriaRole.Region, new() { Name = "How helpful your feedback was" });
            var row = section.GetByRole(AriaRole.Row).Filter(new() { Has = home.GetByRole(AriaRole.Rowheader, new() { NameRegex = new Regex(Regex.Escape(_title)) }) });
            await Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync(new Regex[] { new("."), new("^1$"), new("^1$"), new("^3.0 of 3$") });
            await AssertNoViolationsAsync(home);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task PeersRateThroughTheFormAndThePresenterSeesCountsAndMeansLiveWithoutTheirNames()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(Liam, Noor, Theo);
            var (liam, noor, theo) = (peers[0], peers[1], peers[2]);
            await OpenFeedbackAsync(coach, "Anonymous to the presenter");
            await Expect(Panel(lena).GetByRole(AriaRole.Heading, new() { Name = "Feedback on your presentation" })).ToBeVisibleAsync();
            await Expect(Panel(lena)).ToContainTextAsync("0 of 3 peers gave feedback");
            // The presenter may assess herself (folded away: her main view is the feedback arriving).
            await Expect(Panel(lena).GetByText("Your self-assessment", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(Panel(lena).GetByRole(AriaRole.Radiogroup, new() { Name = "Clarity" })).ToBeHiddenAsync();
            await Expect(Rating(liam).GetByRole(AriaRole.Heading, new() { Name = "Your feedback" })).ToBeVisibleAsync();

            var token = Token();
            await GiveAsync(liam, 5, $"Crisp opening {token}");
            await Expect(Panel(lena)).ToContainTextAsync("1 of 3 peers gave feedback");
            await Expect(Row(PeerRatings(lena), "Clarity")).ToContainTextAsync("5.0 of 5");
            await Expect(Comment(lena, $"Crisp opening {token}")).ToContainTextAsync("Anonymous");

            await GiveAsync(noor, 3, improve: $"More examples {token}");
            await Expect(Row(PeerRatings(lena), "Clarity")).ToContainTextAsync("4.0 of 5");

            // What arrives while Lena's page is offline comes with the catch-up when it is back.
            await lena.Context.SetOfflineAsync(true);
            await Expect(Connection(lena)).ToHaveTextAsync("Offline");
            await GiveAsync(theo, 2);
            await Expect(Panel(coach)).ToContainTextAsync("3 of 3 peers gave feedback");
            await lena.Context.SetOfflineAsync(false);
            await Expect(Connection(lena)).ToHaveTextAsync("Connected");
            await Expect(Panel(lena)).ToContainTextAsync("3 of 3 peers gave feedback");
            await Expect(Row(PeerRatings(lena), "Delivery")).ToContainTextAsync("3.3 of 5");
            await Expect(Row(PeerRatings(lena), "Weighted overall")).ToContainTextAsync("3.3 of 5");

            // Noor changes her mind: her revision replaces her scores instead of adding to them.
            await Expect(Rating(noor)).ToBeHiddenAsync();
            await Button(Panel(noor), "Edit your feedback").ClickAsync();
            await Score(noor, "Delivery", 5).CheckAsync();
            await Button(Rating(noor), "Send feedback").ClickAsync();
            await Expect(Row(PeerRatings(lena), "Delivery")).ToContainTextAsync("4.0 of 5");
            await Expect(Row(PeerRatings(coach), "Delivery")).ToContainTextAsync("4.0 of 5");
            await Expect(Row(PeerRatings(lena), "Clarity")).ToContainTextAsync("3.3 of 5");
            await Expect(Panel(lena)).ToContainTextAsync("3 of 3 peers gave feedback");
            await Expect(Comment(coach, $"More examples {token}")).ToContainTextAsync("revision 2");

            // The coach sees who said what; Lena never does.
            await Expect(Comment(coach, $"Crisp opening {token}")).ToContainTextAsync("Liam Learner");
            await Expect(Comment(coach, $"More examples {token}")).ToContainTextAsync("Noor Learner");
            await Expect(Comment(lena, $"More examples {token}")).ToContainTextAsync("Anonymous");
            foreach (var name in new[] { "Liam Learner", "Noor Learner", "Theo Learner" })
            {
                await Expect(Panel(lena)).Not.ToContainTextAsync(name);
            }
            // Theo's scores without words are no comment of Lena's, but the coach sees them.
            await Expect(Panel(lena).GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            await Expect(Comment(coach, "Theo Learner")).ToContainTextAsync("Scores: Clarity 2");

            await AssertNoViolationsAsync(coach, lena, noor);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task AfterCloseAndReleaseThePeersSeeTheAggregateAndThePresenterRatesFlagsAndReflects()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(Liam, Noor);
            var (liam, noor) = (peers[0], peers[1]);
            await OpenFeedbackAsync(coach, "Named");
            var token = Token();
            await GiveAsync(liam, 4, $"Great story {token}");
            await GiveAsync(noor, 2, improve: $"Rushed ending {token}");
            await Expect(Panel(lena)).ToContainTextAsync("2 of 2 peers gave feedback");
            // Named: Lena sees who wrote each comment.
            await Expect(Comment(lena, $"Great story {token}")).ToContainTextAsync("Liam Learner");
            // Peers see nothing of the others' ratings until the coach releases them.
            await Expect(PeerRatings(liam)).ToHaveCountAsync(0);
            await Expect(Panel(liam)).ToContainTextAsync("once the coach releases them");

            // The coach's own rating is kept apart from the peers'.
            await Panel(coach).GetByText("Your rating as coach", new() { Exact = true }).ClickAsync();
            await GiveAsync(coach, 5, "Well paced");
            await Expect(Panel(lena).GetByRole(AriaRole.Table, new() { Name = "Coach's rating: Cora Coach" })).ToContainTextAsync("5 of 5");
            await Expect(Row(PeerRatings(lena), "Clarity")).ToContainTextAsync("3.0 of 5");

            // Lena rates Liam's comment; Liam sees the rating it earned.
            var helpful = Comment(lena, $"Great story {token}").GetByRole(AriaRole.Group, new() { Name = "How helpful was this?" });
            await Button(helpful, "Very helpful").ClickAsync();
            await Expect(Button(helpful, "Very helpful")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(Panel(liam)).ToContainTextAsync("The presenter rated your feedback: Very helpful.");

            // Lena flags Noor's comment; the coach hides it.
            var noorsComment = Comment(lena, $"Rushed ending {token}");
            await Button(noorsComment, "Flag for the coach").ClickAsync();
            await noorsComment.GetByLabel("Why should the coach look at it?").FillAsync("Feels personal");
            await Button(noorsComment, "Send flag").ClickAsync();
            var flagged = Comment(coach, $"Rushed ending {token}");
            await Expect(flagged).ToContainTextAsync("Flagged by the presenter: Feels personal");
            await Button(flagged, "Hide").ClickAsync();
            await Expect(Panel(lena).GetByText("The coach hid this comment.")).ToBeVisibleAsync();
            await Expect(Panel(lena)).Not.ToContainTextAsync($"Rushed ending {token}");
            await Expect(Panel(noor)).ToContainTextAsync("The coach hid your comments from the presenter.");

            await Expect(Panel(lena).GetByLabel("Reflection (Markdown)")).ToHaveCountAsync(0);
            await Button(Panel(coach), "Close feedback").ClickAsync();
            await Expect(Sent(liam)).ToHaveTextAsync("Feedback has closed; this is what you sent.");
            await Expect(Score(liam, "Clarity", 4)).ToBeCheckedAsync();
            await Expect(Score(liam, "Clarity", 4)).ToBeDisabledAsync();
            await Expect(PeerRatings(liam)).ToHaveCountAsync(0);

            await Button(Panel(coach), "Release to peers").ClickAsync();
            await Expect(Row(PeerRatings(liam), "Clarity")).ToContainTextAsync("3.0 of 5");
            await Expect(Panel(noor)).ToContainTextAsync("2 of 2 peers gave feedback");

            await Panel(lena).GetByLabel("Reflection (Markdown)").FillAsync($"**Slow down** at the end {token}");
            await Button(Panel(lena), "Save reflection").ClickAsync();
            var saved = Panel(lena).GetByRole(AriaRole.Region, new() { Name = "Your saved reflection" });
            await Expect(saved.Locator("strong", new() { HasText = "Slow down" })).ToBeVisibleAsync();
            await Expect(Panel(coach).GetByRole(AriaRole.Region, new() { Name = "Lena Learner's reflection" })).ToContainTextAsync($"at the end {token}");

            await AssertNoViolationsAsync(coach, lena, liam);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task TheFeedbackFormCanBeFilledAndSentWithTheKeyboardAlone()
    {
        try
        {
            var (coach, _, peers) = await LenaPresentsAsync(Liam);
            var liam = peers[0];
            await OpenFeedbackAsync(coach, "Named");
            var send = Button(Rating(liam), "Send feedback");

            // Sending too early says what is missing and puts the keyboard there.
            await send.FocusAsync();
            await liam.Keyboard.PressAsync("Enter");
            await Expect(Rating(liam).GetByRole(AriaRole.Alert)).ToHaveTextAsync("Score Clarity before sending.");
            var clarity = Criterion(liam, "Clarity").GetByRole(AriaRole.Radio);
            await Expect(clarity.First).ToBeFocusedAsync();

            // Space picks the focused segment, arrow keys move along the scale, Tab goes on to the next criterion.
            await liam.Keyboard.PressAsync("Space");
            await liam.Keyboard.PressAsync("ArrowDown");
            await liam.Keyboard.PressAsync("ArrowDown");
            await Expect(Score(liam, "Clarity", 3)).ToBeCheckedAsync();
            await Expect(Score(liam, "Clarity", 3)).ToBeFocusedAsync();
            // The chosen level's words are beside the row, and every level's are its segment's tooltip.
            await Expect(Criterion(liam, "Clarity")).ToContainTextAsync("The main point is clear, though some parts need a second listen.");
            await liam.Keyboard.PressAsync("ArrowLeft");
            await Expect(Score(liam, "Clarity", 2)).ToBeCheckedAsync();
            await liam.Keyboard.PressAsync("ArrowRight");
            await Expect(Score(liam, "Clarity", 3)).ToBeCheckedAsync();
            await Expect(Criterion(liam, "Clarity").Locator("label[title='Crisp and memorable: anyone could repeat the main point afterwards.']")).ToHaveTextAsync("5");
            foreach (var criterion in Criteria.Skip(1))
            {
                await liam.Keyboard.PressAsync("Tab");
                await Expect(Criterion(liam, criterion).GetByRole(AriaRole.Radio).First).ToBeFocusedAsync();
                await liam.Keyboard.PressAsync("Space");
                await liam.Keyboard.PressAsync("ArrowRight");
            }
            await liam.Keyboard.PressAsync("Tab");
            await Expect(Rating(liam).GetByLabel("What worked?")).ToBeFocusedAsync();
            await liam.Keyboard.TypeAsync("Clear slides");
            await liam.Keyboard.PressAsync("Tab");
            await liam.Keyboard.PressAsync("Tab");
            await Expect(send).ToBeFocusedAsync();
            await liam.Keyboard.PressAsync("Enter");
            await Expect(Sent(liam)).ToHaveTextAsync("Sent — you can revise until feedback closes.");
            await Expect(Comment(coach, "Clear slides")).ToContainTextAsync("Scores: Clarity 3 · Structure 2 · Evidence & examples 2 · Audience engagement 2 · Delivery 2");

            // Sent, the form is put away and the keyboard is on the way back to it.
            var edit = Button(Panel(liam), "Edit your feedback");
            await Expect(edit).ToBeFocusedAsync();
            await liam.Keyboard.PressAsync("Enter");
            await Expect(Score(liam, "Clarity", 3)).ToBeFocusedAsync();

            // Revising from the keyboard too: back to the last criterion, one up, and Space on the button.
            await Score(liam, "Delivery", 2).FocusAsync();
            await liam.Keyboard.PressAsync("ArrowDown");
            await send.FocusAsync();
            await liam.Keyboard.PressAsync("Space");
            await Expect(Comment(coach, "Clear slides")).ToContainTextAsync("Delivery 3");
            await Expect(Comment(coach, "Clear slides")).ToContainTextAsync("revision 2");
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task APeerRatesInTheDrawerBesideTheStageWhileTheSlideStaysInView()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(new BrowserNewContextOptions
            {
                ViewportSize = new() { Width = 1366, Height = 768 },
                BypassCSP = true,
            }, Liam);
            var liam = peers[0];
            var token = Token();
            await lena.GetByLabel("Outline").FillAsync($"# Findings {token}\n- **one**");
            await lena.GetByRole(AriaRole.Button, new() { Name = "Share slides", Exact = true }).ClickAsync();
            await Expect(Slide(liam).GetByRole(AriaRole.Heading, new() { Name = $"Findings {token}" })).ToBeVisibleAsync();
            await OpenFeedbackAsync(coach, "Named");

            // The form opens beside the stage by itself: every criterion, the comments and the button in the first
            // screen together with the slide.
            await Expect(Rating(liam)).ToBeVisibleAsync();
            await Expect(Slide(liam)).ToBeInViewportAsync();
            foreach (var criterion in Criteria)
            {
                await Expect(Criterion(liam, criterion)).ToBeInViewportAsync();
            }
            await Expect(Button(Rating(liam), "Send feedback")).ToBeInViewportAsync();
            await GiveAsync(liam, 4, $"Good findings {token}");
            await Expect(Comment(coach, $"Good findings {token}")).ToContainTextAsync("Liam Learner");

            // Sent, the drawer closes and the slide is still there; the form comes back to revise while feedback is open.
            await Expect(Rating(liam)).ToBeHiddenAsync();
            await Expect(Slide(liam)).ToBeInViewportAsync();
            await Button(Panel(liam), "Edit your feedback").ClickAsync();
            await Expect(Score(liam, "Clarity", 4)).ToBeCheckedAsync();
            await Expect(Rating(liam)).ToBeInViewportAsync();
            await AssertNoViolationsAsync(liam);

            // Closing feedback takes the form out of the drawer: what was sent stays in the panel, read-only.
            await Button(Panel(coach), "Close feedback").ClickAsync();
            await Expect(Sent(liam)).ToHaveTextAsync("Feedback has closed; this is what you sent.");
            await Expect(Score(liam, "Clarity", 4)).ToBeDisabledAsync();
            await Expect(Button(Panel(liam), "Edit your feedback")).ToHaveCountAsync(0);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task HeldCommentsReachThePresenterOnlyOnceTheCoachApprovesOrReleasesThem()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(Liam, Noor, Theo);
            var (liam, noor, theo) = (peers[0], peers[1], peers[2]);
            await OpenFeedbackAsync(coach, "Named", HeldForReview);
            await Expect(Panel(lena)).ToContainTextAsync("comments held for review");
            var token = Token();
            await GiveAsync(liam, 5, $"Approved words {token}");
            await GiveAsync(noor, 2, improve: $"Hidden words {token}");
            await GiveAsync(theo, 4, $"Released words {token}");

            // The scores count at once; the words wait for the coach, and the givers are told so.
            await Expect(Panel(lena)).ToContainTextAsync("3 of 3 peers gave feedback");
            await Expect(Panel(liam)).ToContainTextAsync("Your comments wait for the coach's review before the presenter sees them.");
            await Expect(Comment(coach, $"Approved words {token}")).ToContainTextAsync("Held for your review");
            await Expect(Button(Panel(coach), "Release all held comments (3)")).ToBeVisibleAsync();
            await Expect(Panel(lena)).Not.ToContainTextAsync(token);

            await Button(Comment(coach, $"Approved words {token}"), "Approve").ClickAsync();
            await Expect(Comment(lena, $"Approved words {token}")).ToContainTextAsync("Liam Learner");
            // The keyboard stays on the comment: on its next action.
            await Expect(Button(Comment(coach, $"Approved words {token}"), "Hide")).ToBeFocusedAsync();
            await Expect(Panel(liam)).Not.ToContainTextAsync("Your comments wait for the coach's review");

            await Button(Comment(coach, $"Hidden words {token}"), "Hide").ClickAsync();
            await Expect(Comment(coach, $"Hidden words {token}")).ToContainTextAsync("Hidden from the presenter.");
            await Expect(Panel(noor)).ToContainTextAsync("The coach hid your comments from the presenter.");

            await Button(Panel(coach), "Release all held comments (1)").ClickAsync();
            await Expect(Comment(lena, $"Released words {token}")).ToContainTextAsync("Theo Learner");
            await Expect(Panel(coach).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Release all held comments") })).ToHaveCountAsync(0);
            await Expect(Panel(lena)).Not.ToContainTextAsync($"Hidden words {token}");
            // After a reload too: held and hidden words never reached Lena's page.
            await lena.ReloadAsync();
            await RoomUi.OpenTabAsync(lena, "Feedback");
            await Expect(Comment(lena, $"Released words {token}")).ToBeVisibleAsync();
            await Expect(Panel(lena)).Not.ToContainTextAsync($"Hidden words {token}");
            await AssertNoViolationsAsync(coach, lena);
        }
        finally
        {
            await CloseAllAsync();
        }
    }

    [Fact]
    public async Task TheCoachHidesAnyCommentAndPutsTheAggregateOnEveryonesStage()
    {
        try
        {
            var (coach, lena, peers) = await LenaPresentsAsync(Liam, Noor);
            var (liam, noor) = (peers[0], peers[1]);
            await OpenFeedbackAsync(coach, "Named");
            var token = Token();
            await GiveAsync(liam, 5, $"Too harsh {token}");
            await GiveAsync(noor, 3, $"Fair point {token}");

            // Shown at once, and the coach may hide any of them, flagged or not.
            await Expect(Comment(lena, $"Too harsh {token}")).ToBeVisibleAsync();
            await Button(Comment(coach, $"Too harsh {token}"), "Hide").ClickAsync();
            await Expect(Panel(lena).GetByText("The coach hid this comment.")).ToBeVisibleAsync();
            await Expect(Panel(lena)).Not.ToContainTextAsync($"Too harsh {token}");
            await Expect(Comment(lena, $"Fair point {token}")).ToBeVisibleAsync();

            // The peers' aggregate on everyone's stage, until the coach takes it down.
            await Expect(OnStage(liam)).ToHaveCountAsync(0);
            await Button(Panel(coach), "Show results on the stage").ClickAsync();
            var table = OnStage(liam).GetByRole(AriaRole.Table, new() { Name = "Peer ratings on the stage" });
            await Expect(Row(table, "Clarity")).ToContainTextAsync("4.0 of 5");
            await Expect(OnStage(liam)).ToContainTextAsync("2 of 2 peers gave feedback");
            await Expect(OnStage(noor)).ToBeVisibleAsync();
            await Expect(OnStage(lena)).ToBeVisibleAsync();
            // Words stay where they were: none of them on the stage.
            await Expect(OnStage(liam)).Not.ToContainTextAsync(token);
            await Expect(Button(Panel(coach), "Take results off the stage")).ToBeFocusedAsync();
            await AssertNoViolationsAsync(liam);

            await Button(Panel(coach), "Take results off the stage").ClickAsync();
            await Expect(OnStage(liam)).ToBeHiddenAsync();
            await Expect(OnStage(coach)).ToBeHiddenAsync();
        }
        finally
        {
            await CloseAllAsync();
        }
    }
}
