using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Log;
using Roundtable.Server.AsyncPresentations;

namespace Roundtable.Server.Tests.AsyncPresentations;

/// <summary>Removing an upload: by whom, what stays while it is used, and that the file is gone once removed.</summary>
public sealed class UploadRemovalTests(UploadsTests.Fixture fixture) : IClassFixture<UploadsTests.Fixture>
{
    private RoundtableFactory Server => fixture.Server;
    private AsyncScene Scene => fixture.Scene;

    private string PathOf(string uploadId) => Server.Get<UploadStore>().PathOf(uploadId);

    private async Task<UploadDto> UploadAsync(string email, string fileName = "wrong.png")
    {
        using var client = await Server.ClientAsAsync(email);
        using var uploaded = await AsyncScene.UploadAsync(client, Scene.CohortId, AsyncScene.Png, fileName, "image/png");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!;
    }

    private async Task<HttpResponseMessage> RemoveAsync(string email, string uploadId)
    {
        using var client = await Server.ClientAsAsync(email);
        return await client.DeleteAsync(UploadsApi.UrlOf(uploadId));
    }

    private async Task<List<StoredEvent>> CohortEventsAsync() =>
        [.. await Server.Get<IEventLog>().ReadStreamAsync(AsyncPresentationStreams.Cohort(Scene.CohortId), 0, int.MaxValue)];

    [Fact]
    public async Task TheOwnerRemovesAnUploadAndItIsGoneFromTheListTheDiskAndItsAddress()
    {
        var upload = await UploadAsync(Scene.AnaEmail);
        Assert.True(File.Exists(PathOf(upload.Id)));

        using var removed = await RemoveAsync(Scene.AnaEmail, upload.Id);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(File.Exists(PathOf(upload.Id)));
        var recorded = (await CohortEventsAsync()).Select(e => e.Event).OfType<UploadRemoved>().Single(e => e.UploadId == upload.Id);
        Assert.Equal(Scene.Ana, recorded.ByUserId);
        using var ana = await Server.ClientAsAsync(Scene.AnaEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync(upload.Url)).StatusCode);
        var listed = (await ana.GetFromJsonAsync<UploadDto[]>($"/api/cohorts/{Scene.CohortId}/uploads", Json.Options))!;
        Assert.DoesNotContain(listed, u => u.Id == upload.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await RemoveAsync(Scene.AnaEmail, upload.Id)).StatusCode);
    }

    [Fact]
    public async Task AnotherLearnerOrAManagerCannotTellTheUploadExistsAndItStays()
    {
        var upload = await UploadAsync(Scene.AnaEmail);

        using var bo = await RemoveAsync(Scene.BoEmail, upload.Id);
        using var nia = await RemoveAsync(Scene.NiaEmail, upload.Id);
        using var ola = await RemoveAsync(Scene.OlaEmail, upload.Id);

        Assert.Equal(HttpStatusCode.NotFound, bo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nia.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ola.StatusCode);
        Assert.True(File.Exists(PathOf(upload.Id)));
        Assert.DoesNotContain((await CohortEventsAsync()).Select(e => e.Event).OfType<UploadRemoved>(), e => e.UploadId == upload.Id);
    }

    [Fact]
    public async Task TheCohortsCoachMayRemoveALearnersUpload()
    {
        var upload = await UploadAsync(Scene.BoEmail, "confidential.png");

        using var removed = await RemoveAsync(Scene.CyEmail, upload.Id);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(File.Exists(PathOf(upload.Id)));
        Assert.Equal(Scene.Cy, (await CohortEventsAsync()).Select(e => e.Event).OfType<UploadRemoved>().Single(e => e.UploadId == upload.Id).ByUserId);
    }

    [Fact]
    public async Task AnUploadOfASubmittedPresentationStaysAndTheAnswerSaysWhichPresentation()
    {
        var (_, uploadId) = await Scene.SubmitAsync(Server, "Quarterly pitch");

        using var refused = await RemoveAsync(Scene.AnaEmail, uploadId);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options))!;
        Assert.Equal("This file is part of your submitted presentation “Quarterly pitch”, so it stays.", problem.Detail);
        using var byCoach = await RemoveAsync(Scene.CyEmail, uploadId);
        Assert.Equal(HttpStatusCode.Conflict, byCoach.StatusCode);
        Assert.True(File.Exists(PathOf(uploadId)));
        using var ana = await Server.ClientAsAsync(Scene.AnaEmail);
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync(UploadsApi.UrlOf(uploadId))).StatusCode);
    }

    [Fact]
    public async Task ARemovedUploadCannotBeAttachedToAPresentation()
    {
        var upload = await UploadAsync(Scene.AnaEmail);
        (await RemoveAsync(Scene.AnaEmail, upload.Id)).EnsureSuccessStatusCode();

        using var ana = await Server.ClientAsAsync(Scene.AnaEmail);
        using var submitted = await ana.PostAsJsonAsync($"/api/cohorts/{Scene.CohortId}/async-presentations",
            new { title = "With a removed file", slidesMarkdown = "# One", uploadIds = new[] { upload.Id } });

        Assert.Equal(HttpStatusCode.BadRequest, submitted.StatusCode);
    }
}
