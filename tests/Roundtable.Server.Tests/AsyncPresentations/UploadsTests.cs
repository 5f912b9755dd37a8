using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Server.AsyncPresentations;

namespace Roundtable.Server.Tests.AsyncPresentations;

public sealed class UploadsTests(UploadsTests.Fixture fixture) : IClassFixture<UploadsTests.Fixture>
{
    public const int MaxBytes = 64 * 1024;

    public sealed class Fixture : IAsyncLifetime
    {
        public RoundtableFactory Server { get; private set; } = null!;
        internal AsyncScene Scene { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await new RoundtableFactory(settings: new Dictionary<string, string> { ["Uploads:MaxBytes"] = MaxBytes.ToString() }).StartAsync();
            Scene = await AsyncScene.CreateAsync(Server);
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private string Folder => fixture.Server.Get<UploadStore>().Folder;

    private string[] KeptFiles() => Directory.Exists(Folder) ? Directory.GetFiles(Folder) : [];

    [Fact]
    public async Task ARealPngIsKeptUnderARandomIdInTheDataDirectoryAndServedAsAnInlineSandboxedImage()
    {
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var uploaded = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, AsyncScene.Png, "../../etc/My \"diagram\".png", "image/png");

        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!;
        Assert.Equal("image/png", upload.ContentType);
        Assert.Equal("My diagram.png", upload.FileName);
        Assert.Equal(AsyncScene.Png.Length, upload.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(AsyncScene.Png)), upload.Sha256);
        Assert.StartsWith(Path.GetFullPath(fixture.Server.DataDirectory), Folder);
        Assert.Equal(AsyncScene.Png, await File.ReadAllBytesAsync(Path.Combine(Folder, upload.Id)));
        Assert.DoesNotContain(KeptFiles(), f => f.EndsWith(".part", StringComparison.Ordinal));

        using var served = await ana.GetAsync(upload.Url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.StartsWith("sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("inline", served.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(AsyncScene.Png, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ARealPdfIsAcceptedAndServedInline()
    {
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var uploaded = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, AsyncScene.Pdf, "slides.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!;
        using var served = await ana.GetAsync(upload.Url);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", served.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Theory]
    [InlineData("page.png", "image/png", "html")]
    [InlineData("setup.exe", "application/octet-stream", "exe")]
    [InlineData("setup.exe", "image/png", "png")]
    [InlineData("diagram.pdf", "application/pdf", "png")]
    [InlineData("diagram.png", "application/pdf", "png")]
    [InlineData("diagram.gif", "image/gif", "png")]
    public async Task AFileWhoseContentsNameOrDeclaredTypeDisagreeIsRefusedAndNothingIsKept(string fileName, string contentType, string contents)
    {
        var bytes = contents switch
        {
            "html" => AsyncScene.Html,
            "exe" => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0],
            _ => AsyncScene.Png,
        };
        var before = KeptFiles().Length;
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var refused = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, bytes, fileName, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Json.Options))!;
        Assert.Contains("nothing was kept", problem.Detail);
        Assert.Contains("file", problem.Errors.Keys);
        Assert.Equal(before, KeptFiles().Length);
    }

    [Fact]
    public async Task AnHtmlFileRenamedPngIsRefusedForWhatItContains()
    {
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var refused = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, AsyncScene.Html, "cat.png", "image/png");
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options))!;
        Assert.Equal(415, problem.Status);
        Assert.Equal("The contents of “cat.png” are not a PDF, PNG, JPEG, GIF or WebP file, whatever its name says; nothing was kept.", problem.Detail);
    }

    [Fact]
    public async Task AFileOverTheLimitIsRefusedWith413FromItsLengthAlone()
    {
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        using var refused = await AsyncScene.UploadAsync(ana, fixture.Scene.CohortId, [.. AsyncScene.Png, .. new byte[MaxBytes]], "big.png", "image/png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options))!;
        Assert.Equal("A file may be at most 0.1 MB; nothing was kept.", problem.Detail);
    }

    [Fact]
    public async Task AFileOverTheLimitSentWithoutALengthIsCutOffAt413AndNothingIsLeftBehind()
    {
        var before = KeptFiles().Length;
        using var ana = await fixture.Server.ClientAsAsync(fixture.Scene.AnaEmail);
        var content = new UnknownLengthContent([.. AsyncScene.Png, .. new byte[MaxBytes * 2]]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var refused = await ana.PostAsync($"/api/cohorts/{fixture.Scene.CohortId}/uploads?fileName=big.png", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(before, KeptFiles().Length);
    }

    [Fact]
    public async Task LearnersAndCoachesUploadAManagerMayNotAndOutsidersCannotTellTheCohortExists()
    {
        // A coach uploads what they will show on a live stage.
        using var cy = await fixture.Server.ClientAsAsync(fixture.Scene.CyEmail);
        using var coach = await AsyncScene.UploadAsync(cy, fixture.Scene.CohortId, AsyncScene.Png, "a.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, coach.StatusCode);
        using var nia = await fixture.Server.ClientAsAsync(fixture.Scene.NiaEmail);
        using var manager = await AsyncScene.UploadAsync(nia, fixture.Scene.CohortId, AsyncScene.Png, "a.png", "image/png");
        Assert.Equal(HttpStatusCode.Forbidden, manager.StatusCode);
        Assert.Contains("learners, coaches and admins", await manager.Content.ReadAsStringAsync());
        using var ola = await fixture.Server.ClientAsAsync(fixture.Scene.OlaEmail);
        using var outsider = await AsyncScene.UploadAsync(ola, fixture.Scene.CohortId, AsyncScene.Png, "a.png", "image/png");
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
    }

    /// <summary>A body sent chunked, with no Content-Length.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
