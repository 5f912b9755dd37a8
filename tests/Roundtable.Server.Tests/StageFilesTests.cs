using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Roundtable.Core.Rooms;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Tests.AsyncPresentations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Writer;

namespace Roundtable.Server.Tests;

/// <summary>Uploaded files as live slides: who may share which file, pages counted by the server, who may see them.</summary>
public sealed class StageFilesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    /// <summary>A live room with Lena on stage: its id, its cohort's, and the coach's and Lena's connections.</summary>
    private async Task<(string RoomId, string CohortId, RoomClient Coach, RoomClient Lena)> LenaPresentingAsync()
    {
        var ids = await AgendaStageHubTests.MemberIdsAsync(Server);
        var (roomId, coach) = await AgendaStageHubTests.StartedRoomAsync(Server);
        var lena = await RoomClient.JoinAsync(Server, await Server.TokenAsync(RoundtableFactory.LenaEmail), roomId);
        await coach.Connection.InvokeAsync("AddPresentationSlot", roomId, ids[RoundtableFactory.LenaEmail], 5);
        await coach.Connection.InvokeAsync("StartPresentation", roomId, "item-1");
        var (cohortId, _) = await Server.SeededCohortAsync();
        return (roomId, cohortId, coach, lena);
    }

    private async Task<string> UploadAsync(string email, string cohortId, byte[] bytes, string fileName, string contentType)
    {
        using var client = await Server.ClientAsAsync(email);
        using var response = await AsyncScene.UploadAsync(client, cohortId, bytes, fileName, contentType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!.Id;
    }

    private static byte[] Pdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < pages; i++)
        {
            builder.AddPage(PageSize.A6);
        }
        return builder.Build();
    }

    private async Task<HttpStatusCode> GetAsync(string email, string path)
    {
        using var client = await Server.ClientAsAsync(email);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task EveryoneInTheRoomSeesASharedFileAndNobodyElseLearnsItExists()
    {
        var (roomId, cohortId, coach, lena) = await LenaPresentingAsync();
        await using var _ = coach;
        await using var __ = lena;
        var uploadId = await UploadAsync(RoundtableFactory.LenaEmail, cohortId, AsyncScene.Png, "photo.png", "image/png");
        var path = $"/api/roundtables/{roomId}/stage/files/{uploadId}";
        var outsider = $"outsider-{Guid.NewGuid():N}@example.com";
        using (var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail))
        {
            var program = await (await admin.PostAsJsonAsync("/api/programs", new { name = "Elsewhere", description = "" })).Content.ReadFromJsonAsync<ProgramDto>(Json.Options);
            var other = await (await admin.PostAsJsonAsync($"/api/programs/{program!.Id}/cohorts", new { name = "Elsewhere" })).Content.ReadFromJsonAsync<CohortDto>(Json.Options);
            await Server.NewUserAsync(outsider, other!.Id, Core.Directory.CohortRole.Coach);
        }

        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(RoundtableFactory.LiamEmail, path));
        await lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { uploadId });

        using (var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail))
        using (var response = await liam.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal(AsyncScene.Png, await response.Content.ReadAsByteArrayAsync());
        }
        // The upload's own address keeps its rule: a peer who is not its reviewer may not read it there.
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(RoundtableFactory.LiamEmail, UploadsApi.UrlOf(uploadId)));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(outsider, path));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(RoundtableFactory.LiamEmail, $"/api/roundtables/{await Server.NewRoundtableAsync()}/stage/files/{uploadId}"));
    }

    [Fact]
    public async Task OnlyOwnUploadsOfTheRoomsCohortCanBeSharedAndNothingIsStoredOtherwise()
    {
        var (roomId, cohortId, coach, lena) = await LenaPresentingAsync();
        await using var _ = coach;
        await using var __ = lena;
        var liams = await UploadAsync(RoundtableFactory.LiamEmail, cohortId, AsyncScene.Png, "liam.png", "image/png");
        var before = await LogReader.RoomVersionAsync(Server, roomId);

        var notHers = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { liams }));
        Assert.Contains("not among your uploads", notHers.Message);
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { "no-such-upload" }));
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("ShareFileSlides", roomId, Array.Empty<string>()));
        Assert.Equal(before, await LogReader.RoomVersionAsync(Server, roomId));

        // A coach may put any of the cohort's uploads on stage.
        await coach.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { liams });
        Assert.Equal(liams, Assert.Single(Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<FileSlidesShared>()).Files).UploadId);

        // And a file of their own, uploaded to show live.
        var coachs = await UploadAsync(RoundtableFactory.CoachEmail, cohortId, Pdf(2), "agenda.pdf", "application/pdf");
        await coach.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { coachs });
        var shared = (await LogReader.RoomEventsAsync(Server, roomId)).Of<FileSlidesShared>().Last();
        Assert.Equal((coachs, 2), (Assert.Single(shared.Files).UploadId, shared.PageCount));
    }

    [Fact]
    public async Task APdfsPagesAreCountedByTheServerAndAnUnreadablePdfIsRefused()
    {
        var (roomId, cohortId, coach, lena) = await LenaPresentingAsync();
        await using var _ = coach;
        await using var __ = lena;
        var deck = await UploadAsync(RoundtableFactory.LenaEmail, cohortId, Pdf(3), "deck.pdf", "application/pdf");
        var photo = await UploadAsync(RoundtableFactory.LenaEmail, cohortId, AsyncScene.Png, "photo.png", "image/png");
        var broken = await UploadAsync(RoundtableFactory.LenaEmail, cohortId, "%PDF-1.7\nnot really a document"u8.ToArray(), "broken.pdf", "application/pdf");

        var refused = await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { photo, broken }));
        Assert.Contains("broken.pdf", refused.Message);

        await lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { deck, photo });
        var shared = Assert.Single((await LogReader.RoomEventsAsync(Server, roomId)).Of<FileSlidesShared>());
        Assert.Equal(4, shared.PageCount);
        Assert.Equal([("deck.pdf", 3), ("photo.png", 1)], shared.Files.Select(f => (f.FileName, f.Pages)));
        await lena.Connection.InvokeAsync("ShowSlide", roomId, 3);
        await Assert.ThrowsAsync<HubException>(() => lena.Connection.InvokeAsync("ShowSlide", roomId, 4));
        using var liam = await Server.ClientAsAsync(RoundtableFactory.LiamEmail);
        Assert.Contains("shared 4 slides from deck.pdf, photo.png", await liam.GetStringAsync($"/api/roundtables/{roomId}/transcript"));
    }

    [Fact]
    public async Task ALearnerListsTheirOwnUploadsOfACohortOnly()
    {
        var (cohortId, _) = await Server.SeededCohortAsync();
        var mine = await UploadAsync(RoundtableFactory.NoorEmail, cohortId, AsyncScene.Png, "noor.png", "image/png");
        var theirs = await UploadAsync(RoundtableFactory.TheoEmail, cohortId, AsyncScene.Png, "theo.png", "image/png");
        using var noor = await Server.ClientAsAsync(RoundtableFactory.NoorEmail);
        var listed = await noor.GetFromJsonAsync<UploadDto[]>($"/api/cohorts/{cohortId}/uploads", Json.Options);
        Assert.Contains(listed!, u => u.Id == mine);
        Assert.DoesNotContain(listed!, u => u.Id == theirs);
    }

    [Fact]
    public async Task AFileShownAsSlidesStaysUntilTheRoundtableEndsAndOnceRemovedTheStageAnswers404()
    {
        var (roomId, cohortId, coach, lena) = await LenaPresentingAsync();
        await using var _ = coach;
        await using var __ = lena;
        var uploadId = await UploadAsync(RoundtableFactory.LenaEmail, cohortId, AsyncScene.Png, "shown.png", "image/png");
        await lena.Connection.InvokeAsync("ShareFileSlides", roomId, new[] { uploadId });
        var db = Server.Get<Storage.RoundtableDb>();
        await Eventually.UntilAsync(() => db.Uploads.FindById(uploadId)?.ShownIn?.Contains(roomId) == true, "the share is projected");
        var path = $"/api/roundtables/{roomId}/stage/files/{uploadId}";

        using (var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail))
        using (var refused = await lenaHttp.DeleteAsync(UploadsApi.UrlOf(uploadId)))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = (await refused.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Json.Options))!;
            Assert.Equal($"This file is being shown as slides in roundtable “{db.Roundtables.FindById(roomId).Title}”; it can be removed once that roundtable has ended.",
                problem.Detail);
        }
        Assert.Equal(HttpStatusCode.OK, await GetAsync(RoundtableFactory.LiamEmail, path));

        await coach.Connection.InvokeAsync("EndRoundtable", roomId);
        await Eventually.UntilAsync(() => db.Roundtables.FindById(roomId).Status == RoomStatus.Ended, "the end is projected");
        using (var lenaHttp = await Server.ClientAsAsync(RoundtableFactory.LenaEmail))
        using (var removed = await lenaHttp.DeleteAsync(UploadsApi.UrlOf(uploadId)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        Assert.False(File.Exists(Server.Get<UploadStore>().PathOf(uploadId)));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(RoundtableFactory.LiamEmail, path));
        Assert.Equal(HttpStatusCode.NotFound, await GetAsync(RoundtableFactory.CoachEmail, path));
    }
}
