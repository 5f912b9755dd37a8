using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Log;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests.AsyncPresentations;

/// <summary>The server's own clean-up of uploads nothing used, and of files no upload knows, on a clock the test moves.</summary>
public sealed class UnusedUploadsCleanupTests
{
    [Fact]
    public async Task UnusedUploadsAndOldOrphanFilesGoAfterTheRetentionWhileUsedUploadsAndFreshFilesStay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // An hour rather than the default week: moving the clock runs every timer of the server for each tick it passes.
        await using var server = await new RoundtableFactory(settings: new Dictionary<string, string> { ["Uploads:UnusedRetention"] = "01:00:00" }, time: clock)
            .StartAsync();
        var scene = await AsyncScene.CreateAsync(server);
        var store = server.Get<UploadStore>();
        var db = server.Get<RoundtableDb>();
        var unused = await UploadAsync(server, scene, "unused.png");
        var (_, used) = await scene.SubmitAsync(server);

        // Left by a crash between a file's write and its event: one long ago, one just now (perhaps still being written).
        var oldOrphan = store.PathOf("orphan-from-long-ago");
        var freshOrphan = store.PathOf($".{Guid.NewGuid():N}.part");
        // Not a name the store gives: whatever else someone keeps in the folder is never touched.
        var notOurs = store.PathOf("notes.txt");
        await File.WriteAllBytesAsync(oldOrphan, AsyncScene.Png);
        File.SetLastWriteTimeUtc(oldOrphan, clock.GetUtcNow().UtcDateTime.AddHours(-2));
        await File.WriteAllBytesAsync(freshOrphan, AsyncScene.Png);
        await File.WriteAllBytesAsync(notOurs, AsyncScene.Png);
        File.SetLastWriteTimeUtc(notOurs, clock.GetUtcNow().UtcDateTime.AddHours(-2));
        // Another upload wakes the clean-up, which finds the old orphan due.
        await UploadAsync(server, scene, "another.png");

        await Eventually.UntilAsync(() => !File.Exists(oldOrphan), "the old orphan file is deleted");
        Assert.True(File.Exists(freshOrphan));
        Assert.True(File.Exists(store.PathOf(unused)));
        Assert.NotNull(db.Uploads.FindById(unused));

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        await Eventually.UntilAsync(() => db.Uploads.FindById(unused) is null && !File.Exists(store.PathOf(unused)), "the unused upload is removed");
        var removed = (await server.Get<IEventLog>().ReadStreamAsync(AsyncPresentationStreams.Cohort(scene.CohortId), 0, int.MaxValue))
            .Select(e => e.Event).OfType<UploadRemoved>().ToList();
        Assert.Null(Assert.Single(removed, e => e.UploadId == unused).ByUserId);
        Assert.DoesNotContain(removed, e => e.UploadId == used);
        Assert.True(File.Exists(store.PathOf(used)));
        Assert.NotNull(db.Uploads.FindById(used));
        await Eventually.UntilAsync(() => !File.Exists(freshOrphan), "the once fresh orphan is deleted when it is as old as the retention");
        Assert.True(File.Exists(notOurs));
    }

    private static async Task<string> UploadAsync(RoundtableFactory server, AsyncScene scene, string fileName)
    {
        using var ana = await server.ClientAsAsync(scene.AnaEmail);
        using var uploaded = await AsyncScene.UploadAsync(ana, scene.CohortId, AsyncScene.Png, fileName, "image/png");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        return (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!.Id;
    }
}
