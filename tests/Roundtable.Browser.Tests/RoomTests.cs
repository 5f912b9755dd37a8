using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class RoomTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TwoMembersSeeEachOthersMessagesAndPresence()
    {
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local");
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local");
        try
        {
            await RoomUi.OpenTabAsync(lena, "People");
            await RoomUi.OpenTabAsync(liam, "People");
            await Expect(People(lena).GetByText("Liam Learner")).ToBeVisibleAsync();
            await Expect(People(liam).GetByText("Lena Learner")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(lena, "Chat");
            await RoomUi.OpenTabAsync(liam, "Chat");

            var fromLena = $"Hello from Lena {Token()}";
            await lena.GetByLabel("Message").FillAsync(fromLena);
            await lena.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(ChatLog(liam).GetByText(fromLena)).ToBeVisibleAsync();
            await Expect(lena.GetByLabel("Message")).ToHaveValueAsync("");

            var fromLiam = $"Hi Lena, Liam here {Token()}";
            await liam.GetByLabel("Message").FillAsync(fromLiam);
            await liam.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(lena).GetByRole(AriaRole.Listitem).Filter(new() { HasText = fromLiam })).ToContainTextAsync("Liam Learner");
            // Messages from others are announced politely for screen-reader users.
            await Expect(lena.Locator("[aria-live=polite]").Filter(new() { HasText = fromLiam })).ToHaveCountAsync(1);

            await liam.Context.CloseAsync();
            await RoomUi.OpenTabAsync(lena, "People");
            await Expect(People(lena).GetByText("Liam Learner")).ToHaveCountAsync(0);
        }
        finally
        {
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task MarkdownIsRenderedAndScriptAttemptsStayInert()
    {
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local");
        var theo = await fixture.OpenRoomAsync("theo@roundtable.local");
        var dialogs = new List<string>();
        foreach (var page in new[] { noor, theo })
        {
            page.Dialog += (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                _ = dialog.DismissAsync();
            };
        }
        try
        {
            var token = Token();
            var markdown = $"**bold {token}** and _soft_\n\n[click me](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)>";
            await noor.GetByLabel("Message").FillAsync(markdown);
            await noor.GetByLabel("Message").PressAsync("Enter");

            var message = ChatLog(theo).GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"bold {token}" });
            await Expect(message.Locator("strong", new() { HasText = $"bold {token}" })).ToBeVisibleAsync();
            await Expect(message.Locator("em", new() { HasText = "soft" })).ToBeVisibleAsync();
            // The would-be markup is shown as text, not run.
            await Expect(message).ToContainTextAsync("<script>alert(2)</script>");
            Assert.Equal(0, await message.Locator("script, img, iframe, [onerror]").CountAsync());
            Assert.Equal(0, await message.Locator("a[href^='javascript' i]").CountAsync());

            await message.GetByText("click me").ClickAsync();
            await noor.GetByLabel("Message").FillAsync("after the click");
            await Expect(noor.GetByLabel("Message")).ToHaveValueAsync("after the click");
            Assert.Empty(dialogs);
            Assert.Equal(0, await theo.Locator("#chat-log script").CountAsync());
        }
        finally
        {
            await noor.Context.CloseAsync();
            await theo.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task MessagesSentWhileOfflineAppearExactlyOnceAfterReconnect()
    {
        var noor = await fixture.OpenRoomAsync("noor@roundtable.local");
        var coach = await fixture.OpenRoomAsync("coach@roundtable.local");
        try
        {
            await noor.Context.SetOfflineAsync(true);
            await Expect(Connection(noor)).ToHaveTextAsync("Offline");

            var whileAway = new[] { $"First while away {Token()}", $"Second while away {Token()}" };
            foreach (var text in whileAway)
            {
                await coach.GetByLabel("Message").FillAsync(text);
                await coach.GetByLabel("Message").PressAsync("Enter");
                await Expect(ChatLog(coach).GetByText(text)).ToBeVisibleAsync();
            }
            // Typed text survives a refused send while offline.
            var draft = $"Draft kept {Token()}";
            await noor.GetByLabel("Message").FillAsync(draft);
            await noor.GetByLabel("Message").PressAsync("Enter");
            await Expect(noor.GetByRole(AriaRole.Alert).Filter(new() { HasText = "offline" })).ToBeVisibleAsync();
            await Expect(noor.GetByLabel("Message")).ToHaveValueAsync(draft);

            await noor.Context.SetOfflineAsync(false);
            await Expect(Connection(noor)).ToHaveTextAsync("Connected");
            foreach (var text in whileAway)
            {
                await Expect(ChatLog(noor).GetByText(text)).ToBeVisibleAsync();
            }

            // Once a later message is in, catch-up and live delivery are both done: count what arrived.
            var after = $"After the return {Token()}";
            await coach.GetByLabel("Message").FillAsync(after);
            await coach.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(noor).GetByText(after)).ToBeVisibleAsync();
            foreach (var text in whileAway.Append(after))
            {
                Assert.Equal(1, await ChatLog(noor).GetByText(text).CountAsync());
            }
            var seqs = await ChatLog(noor).Locator("li[data-seq]").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.seq))");
            Assert.Equal(seqs.Distinct().Order(), seqs);

            await noor.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(coach).GetByText(draft)).ToBeVisibleAsync();
        }
        finally
        {
            await noor.Context.CloseAsync();
            await coach.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DroppedSocketReconnectsAndCatchesUpExactlyOnce()
    {
        var coach = await fixture.OpenRoomAsync("coach@roundtable.local");
        var context = await fixture.SignedInContextAsync("liam@roundtable.local");
        var roomId = await fixture.RoomIdAsync(context, LiveRoomTitle);
        var page = await context.NewPageAsync();
        try
        {
            // Every hub socket passes through the test, so it can cut one as a network drop would,
            // and refuse new connections (all transports start with negotiate) until the "network" is back.
            IWebSocketRoute? pageSide = null;
            IWebSocketRoute? serverSide = null;
            await page.RouteWebSocketAsync(new Regex("/hubs/room"), ws =>
            {
                pageSide = ws;
                serverSide = ws.ConnectToServer();
            });
            var refuse = false;
            await page.RouteAsync(new Regex("/hubs/room/negotiate"), route => refuse ? route.AbortAsync("connectionrefused") : route.ContinueAsync());

            await page.GotoAsync($"/room.html?id={roomId}");
            await Expect(Connection(page)).ToHaveTextAsync("Connected");
            await RoomUi.OpenTabAsync(coach, "People");
            await Expect(People(coach).GetByText("Liam Learner")).ToBeVisibleAsync();
            await RoomUi.OpenTabAsync(coach, "Chat");

            refuse = true;
            await pageSide!.CloseAsync(new() { Code = 1011, Reason = "test drop" });
            await serverSide!.CloseAsync();
            await Expect(Connection(page)).ToHaveTextAsync("Reconnecting…");

            var whileAway = new[] { $"Sent during the drop {Token()}", $"Also during the drop {Token()}" };
            foreach (var text in whileAway)
            {
                await coach.GetByLabel("Message").FillAsync(text);
                await coach.GetByLabel("Message").PressAsync("Enter");
                await Expect(ChatLog(coach).GetByText(text)).ToBeVisibleAsync();
            }

            refuse = false;
            await Expect(Connection(page)).ToHaveTextAsync("Connected", new() { Timeout = 30_000 });
            var after = $"After the drop {Token()}";
            await coach.GetByLabel("Message").FillAsync(after);
            await coach.GetByLabel("Message").PressAsync("Enter");
            await Expect(ChatLog(page).GetByText(after)).ToBeVisibleAsync();
            foreach (var text in whileAway.Append(after))
            {
                Assert.Equal(1, await ChatLog(page).GetByText(text).CountAsync());
            }
            var seqs = await ChatLog(page).Locator("li[data-seq]").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.seq))");
            Assert.Equal(seqs.Distinct().Order(), seqs);
        }
        finally
        {
            await context.CloseAsync();
            await coach.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task RoomLogAppliesInSeqOrderOnceAndReportsGaps()
    {
        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/signin.html");
            var result = await page.EvaluateAsync<string>("""
                async () => {
                  const { RoomLog } = await import('/js/room/room-log.js');
                  const applied = [];
                  const log = new RoomLog(e => applied.push(e.seq));
                  const env = seq => ({ roomId: 'r', seq, at: '', event: { type: 'MessagePosted' } });
                  const steps = [];
                  log.receive([env(4), env(6)]);                 // before the snapshot: held
                  steps.push(`held:${applied.join(',')}|gap:${log.gapAfter}`);
                  log.start(4);                                  // snapshot at 4: 4 dropped, 6 waits for 5
                  steps.push(`start:${applied.join(',')}|gap:${log.gapAfter}`);
                  log.receive([env(5), env(5), env(3)]);         // duplicate and stale dropped
                  steps.push(`fill:${applied.join(',')}|gap:${log.gapAfter}|last:${log.lastSeq}`);
                  log.receive([env(9), env(8), env(7), env(6)]); // out of order
                  steps.push(`reorder:${applied.join(',')}|gap:${log.gapAfter}|pending:${log.pendingCount}`);
                  return steps.join(' ');
                }
                """);
            Assert.Equal("held:|gap:null start:|gap:4 fill:5,6|gap:null|last:6 reorder:5,6,7,8,9|gap:null|pending:0", result);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task ComposerIsUsableInPhoneWidthWindow()
    {
        var page = await fixture.OpenRoomAsync("theo@roundtable.local", options: new() { ViewportSize = new() { Width = 375, Height = 740 } });
        try
        {
            var box = page.GetByLabel("Message");
            var send = page.GetByRole(AriaRole.Button, new() { Name = "Send" });
            await box.ScrollIntoViewIfNeededAsync();
            await Expect(box).ToBeInViewportAsync();
            await Expect(send).ToBeVisibleAsync();
            var boxBounds = await box.BoundingBoxAsync();
            var sendBounds = await send.BoundingBoxAsync();
            Assert.True(boxBounds!.X >= 0 && boxBounds.X + boxBounds.Width <= 375, $"The message box spans {boxBounds.X}..{boxBounds.X + boxBounds.Width}.");
            Assert.True(sendBounds!.X + sendBounds.Width <= 375 && sendBounds.Height >= 24, "The send button is off screen or too small.");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                "The page scrolls sideways at 375 px.");

            var text = $"From a phone {Token()}";
            await box.FillAsync(text);
            await send.ClickAsync();
            await Expect(ChatLog(page).GetByText(text)).ToBeVisibleAsync();
            await Expect(box).ToHaveAccessibleDescriptionAsync(new Regex(" 0 bytes of 8 KB$"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task SizeFeedbackWarnsNearTheLimitAndRefusesOversizedMessages()
    {
        var page = await fixture.OpenRoomAsync("lena@roundtable.local");
        try
        {
            var box = page.GetByLabel("Message");
            await box.FillAsync(new string('a', 7400));
            await Expect(box).ToHaveAccessibleDescriptionAsync(new Regex("7\\.2 KB of 8 KB: nearly full"));
            var tooLong = new string('b', 8300);
            await box.FillAsync(tooLong);
            await Expect(box).ToHaveAccessibleDescriptionAsync(new Regex("too long by 0\\.1 KB"));
            await box.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "the limit is 8 KB" })).ToBeVisibleAsync();
            await Expect(box).ToHaveValueAsync(tooLong);

            // The server's own refusal (a HubException) is shown as it was worded.
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Preview" })).ToHaveTextAsync("The message is over the 8 KB limit.");
            await Expect(box).ToHaveValueAsync(tooLong);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task PreviewShowsServerRenderedMarkdown()
    {
        var page = await fixture.OpenRoomAsync("liam@roundtable.local");
        try
        {
            await page.GetByLabel("Message").FillAsync("# Heading\n\n- one\n- two");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
            await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Heading" })).ToBeVisibleAsync();
            await Expect(preview.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
            await page.GetByLabel("Message").FillAsync("**changed**");
            await Expect(preview.Locator("strong", new() { HasText = "changed" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Preview" })).ToHaveAttributeAsync("aria-pressed", "true");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task CoachStartsAndEndsRoundtableAndLearnersGetTheTranscript()
    {
        // A roundtable of its own: the demo's scheduled one stays upcoming for the home page's tests.
        var scheduler = await fixture.SignedInContextAsync("coach@roundtable.local");
        var (_, title) = await fixture.ScheduleRoomAsync(scheduler, "Start and end");
        await scheduler.CloseAsync();
        var coach = await fixture.OpenRoomAsync("coach@roundtable.local", title);
        var learner = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        coach.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        try
        {
            await Expect(learner.GetByRole(AriaRole.Button, new() { Name = "Start roundtable" })).ToHaveCountAsync(0);
            await coach.GetByRole(AriaRole.Button, new() { Name = "Start roundtable" }).ClickAsync();
            await Expect(learner.GetByText("Live now")).ToBeVisibleAsync();

            await coach.GetByRole(AriaRole.Button, new() { Name = "End roundtable" }).ClickAsync();
            await Expect(learner.GetByText("This roundtable has ended")).ToBeVisibleAsync();
            await Expect(learner.GetByLabel("Message")).ToBeDisabledAsync();
            await Expect(learner.GetByRole(AriaRole.Link, new() { Name = "Markdown" })).ToHaveAttributeAsync("href", new Regex("/transcript\\?format=markdown$"));
            await learner.GetByRole(AriaRole.Link, new() { Name = "web page" }).ClickAsync();
            await Expect(learner.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await learner.Context.CloseAsync();
        }
    }
}
