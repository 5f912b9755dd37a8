using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Roundtable.Browser.Tests.BrowserFixture;

namespace Roundtable.Browser.Tests;

/// <summary>Uploaded files as live slides: a PDF's pages drawn by pdf.js and an image, moved through in sync.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FileSlidesTests(BrowserFixture fixture)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator SlideImage(IPage page, string name) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Current slide" }).GetByRole(AriaRole.Img, new() { Name = name, Exact = true });

    /// <summary>
    /// A valid PDF of 200×150 pt pages, each filled with one colour (r, g, b from 0 to 1), with a correct cross-reference
    /// table, so any reader (the server's page count, pdf.js) takes it as it is.
    /// </summary>
    internal static byte[] SolidPagesPdf(params (double R, double G, double B)[] colours)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(" ", colours.Select((_, i) => $"{3 + 2 * i} 0 R"))}] /Count {colours.Length} >>",
        };
        foreach (var (r, g, b) in colours)
        {
            var content = FormattableString.Invariant($"{r} {g} {b} rg 0 0 200 150 re f");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 150] /Contents {objects.Count + 2} 0 R /Resources << >> >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }
        pdf.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>The colour in the middle of a drawn PDF page, as "r,g,b".</summary>
    private static Task<string> MiddleColourAsync(ILocator canvas) => canvas.EvaluateAsync<string>(
        "c => Array.from(c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data.slice(0, 3)).join(',')");

    private static async Task StartLenasPresentationAsync(IPage coach)
    {
        await RoomUi.OpenTabAsync(coach, "Agenda");
        var select = coach.GetByLabel("Presenter");
        await Expect(select.Locator("option", new() { HasText = "Lena Learner" })).ToHaveCountAsync(1);
        await select.SelectOptionAsync(new SelectOptionValue { Label = "Lena Learner" });
        await Button(coach, "Add presentation slot").ClickAsync();
        await Button(coach, "Start presentation: Lena Learner").ClickAsync();
    }

    [Fact]
    public async Task AFileUploadedWhileTheListOfEarlierUploadsIsStillLoadingKeepsItsNameAndItsTick()
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync("Upload list race");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title);
        try
        {
            // An earlier upload, so the list's arrival can be seen on the page.
            var cohortId = (await (await lena.Context.APIRequest.GetAsync($"/api/roundtables/{roomId}")).JsonAsync())!.Value.GetProperty("cohortId").GetString();
            var earlier = $"earlier-{Token()}.png";
            var stored = await lena.Context.APIRequest.PostAsync($"/api/cohorts/{cohortId}/uploads?fileName={earlier}",
                new() { DataByte = Png, Headers = new Dictionary<string, string> { ["Content-Type"] = "image/png" } });
            Assert.True(stored.Ok, $"The earlier upload answered {stored.Status}.");
            await StartLenasPresentationAsync(coach);
            await Expect(lena.GetByText("Presenting: Lena Learner")).ToBeVisibleAsync();

            // The list of Lena's earlier uploads is read on the server at once but answered only after her new upload is
            // stored, as on a slow connection: the list cannot contain the new file.
            var listRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answerList = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await lena.RouteAsync(new System.Text.RegularExpressions.Regex("/api/cohorts/[^/?]+/uploads$"), async route =>
            {
                if (route.Request.Method != "GET")
                {
                    await route.ContinueAsync();
                    return;
                }
                var response = await route.FetchAsync();
                listRead.TrySetResult();
                await answerList.Task;
                await route.FulfillAsync(new() { Response = response });
            });

            var photo = $"photo-{Token()}.png";
            await lena.GetByText("Slides from files", new() { Exact = true }).ClickAsync();
            await listRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await lena.GetByLabel("Upload images or PDFs").SetInputFilesAsync(new FilePayload { Name = photo, MimeType = "image/png", Buffer = Png });
            await Expect(lena.GetByText($"Uploaded {photo}.")).ToBeVisibleAsync();

            answerList.TrySetResult();
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{earlier} (image)" })).Not.ToBeCheckedAsync();
            await Expect(lena.GetByText($"Shown in this order: {photo}.")).ToBeVisibleAsync();
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{photo} (image)" })).ToBeCheckedAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task PdfPagesAndImagesMoveInSyncByKeyboardAndALateJoinerLandsOnTheCurrentPage()
    {
        var (coach, _, title) = await fixture.CoachInNewLiveRoomAsync("File slides");
        // Axe is injected as a script tag, so the pages it checks (Lena's, Noor's) set the page's policy aside; Liam's keeps
        // it and must see no violation.
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, new() { BypassCSP = true });
        var liam = await fixture.OpenRoomAsync("liam@roundtable.local", title);
        IPage? noor = null;
        var policyViolations = new List<string>();
        liam.Console += (_, message) =>
        {
            // A refused worker would not fail loudly: pdf.js would fall back to a "fake worker" on the page's thread.
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("fake worker", StringComparison.OrdinalIgnoreCase))
            {
                policyViolations.Add(message.Text);
            }
        };
        try
        {
            await StartLenasPresentationAsync(coach);
            await Expect(liam.GetByText("Presenting: Lena Learner")).ToBeVisibleAsync();

            var token = Token();
            var deck = $"deck-{token}.pdf";
            var photo = $"photo-{token}.png";
            await lena.GetByText("Slides from files", new() { Exact = true }).ClickAsync();
            await lena.GetByLabel("Upload images or PDFs").SetInputFilesAsync(new[]
            {
                new FilePayload { Name = deck, MimeType = "application/pdf", Buffer = SolidPagesPdf((1, 0, 0), (0, 0, 1)) },
                new FilePayload { Name = photo, MimeType = "image/png", Buffer = Png },
            });
            await Expect(lena.GetByText($"Shown in this order: {deck}, {photo}.")).ToBeVisibleAsync();
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{deck} (PDF)" })).ToBeCheckedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(lena);
            await Button(lena, "Share files as slides").ClickAsync();

            // Page 1 of the PDF, drawn by pdf.js in the other participant's browser.
            var first = SlideImage(liam, $"Slide 1 of 3 from {deck}");
            await Expect(first).ToBeVisibleAsync();
            await Expect(liam.Locator(".slide-counter")).ToHaveTextAsync("Slide 1 of 3");
            Assert.Equal("255,0,0", await MiddleColourAsync(first));
            await Expect(Button(liam, "Next slide")).ToHaveCountAsync(0);

            // The presenter moves on by keyboard alone.
            var next = Button(lena, "Next slide");
            await TabUntilFocusedAsync(lena, next, maxTabs: 60);
            await lena.Keyboard.PressAsync("Enter");
            var second = SlideImage(liam, $"Slide 2 of 3 from {deck}");
            await Expect(second).ToBeVisibleAsync();
            Assert.Equal("0,0,255", await MiddleColourAsync(second));

            noor = await fixture.OpenRoomAsync("noor@roundtable.local", title, new() { BypassCSP = true });
            var landed = SlideImage(noor, $"Slide 2 of 3 from {deck}");
            await Expect(landed).ToBeVisibleAsync();
            await Expect(noor.Locator(".slide-counter")).ToHaveTextAsync("Slide 2 of 3");
            Assert.Equal("0,0,255", await MiddleColourAsync(landed));
            await AccessibilityTests.AssertNoViolationsAsync(noor);

            await next.PressAsync("Enter");
            var image = SlideImage(liam, $"Slide 3 of 3 from {photo}");
            await Expect(image).ToBeVisibleAsync();
            // Loaded, so the room's participant was allowed to fetch the presenter's upload.
            await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 1);
            Assert.Empty(policyViolations);
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
            await liam.Context.CloseAsync();
            if (noor is not null)
            {
                await noor.Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task APresenterRemovesAWrongUploadByKeyboardAndIsToldWhyTheFileOnStageStays()
    {
        var (coach, roomId, title) = await fixture.CoachInNewLiveRoomAsync("Removing uploads");
        var lena = await fixture.OpenRoomAsync("lena@roundtable.local", title, new() { BypassCSP = true });
        var dialogs = new List<string>();
        lena.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.AcceptAsync();
        };
        try
        {
            await RoomUi.OpenTabAsync(coach, "Agenda");
            await coach.GetByLabel("Presenter").SelectOptionAsync(new SelectOptionValue { Label = "Lena Learner" });
            await Button(coach, "Add presentation slot").ClickAsync();
            await Button(coach, "Start presentation: Lena Learner").ClickAsync();
            await Expect(lena.GetByText("Slides from files", new() { Exact = true })).ToBeVisibleAsync();

            var token = Token();
            var shown = $"shown-{token}.png";
            var wrong = $"wrong-{token}.png";
            await lena.GetByText("Slides from files", new() { Exact = true }).ClickAsync();
            var input = lena.GetByLabel("Upload images or PDFs");
            await input.SetInputFilesAsync(new FilePayload { Name = shown, MimeType = "image/png", Buffer = Png });
            await Expect(lena.GetByText($"Shown in this order: {shown}.")).ToBeVisibleAsync();
            await Button(lena, "Share files as slides").ClickAsync();
            await Expect(SlideImage(lena, $"Slide 1 of 1 from {shown}")).ToBeVisibleAsync();
            await input.SetInputFilesAsync(new FilePayload { Name = wrong, MimeType = "image/png", Buffer = Png });
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{wrong} (image)" })).ToBeCheckedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(lena);

            // The wrong file goes, by keyboard alone, once confirmed.
            var removeWrong = Button(lena, $"Remove {wrong}");
            await TabUntilFocusedAsync(lena, removeWrong, maxTabs: 80);
            await lena.Keyboard.PressAsync("Enter");
            await Expect(lena.GetByText($"Removed {wrong}.")).ToBeVisibleAsync();
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{wrong} (image)" })).ToHaveCountAsync(0);
            Assert.Contains(dialogs, message => message.Contains(wrong, StringComparison.Ordinal));
            await Expect(lena.GetByText("Nothing ticked yet.")).ToBeVisibleAsync();

            // The file on stage stays, and the presenter is told why.
            await Button(lena, $"Remove {shown}").PressAsync("Enter");
            await Expect(lena.GetByText($"This file is being shown as slides in roundtable “{title}”", new() { Exact = false })).ToBeVisibleAsync();
            await Expect(lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{shown} (image)" })).ToHaveCountAsync(1);
            await Expect(Button(lena, $"Remove {shown}")).ToBeFocusedAsync();
            await AccessibilityTests.AssertNoViolationsAsync(lena);

            // Once the roundtable has ended it may go; its replay then says the slide's file was removed.
            var shownId = (await lena.GetByRole(AriaRole.Checkbox, new() { Name = $"{shown} (image)" }).GetAttributeAsync("id"))!["stage-file-".Length..];
            coach.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await Button(coach, "End roundtable").ClickAsync();
            using (var lenaHttp = await fixture.Server.HttpAsAsync("lena@roundtable.local"))
            {
                await Eventually.UntilAsync(async () =>
                {
                    using var removed = await lenaHttp.DeleteAsync($"/api/uploads/{shownId}");
                    return removed.StatusCode == System.Net.HttpStatusCode.NoContent;
                }, "the upload is removed once the roundtable has ended");
            }
            await lena.GotoAsync($"/room.html?id={roomId}&replay");
            await lena.GetByLabel("Moment", new() { Exact = true }).FocusAsync();
            await lena.Keyboard.PressAsync("End");
            await Expect(lena.GetByText($"Slide 1 cannot be shown: its file, {shown}, has been removed.")).ToBeVisibleAsync();
        }
        finally
        {
            await coach.Context.CloseAsync();
            await lena.Context.CloseAsync();
        }
    }
}
