using Microsoft.Extensions.Options;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>
/// Removes uploads nothing has used (never part of a submitted presentation, never shown on a roundtable's stage)
/// <see cref="UploadOptions.UnusedRetention"/> after they were stored, with the same event a person's removal appends
/// (the system as actor): every node runs this, and the append on the cohort's stream, at the version its decision read,
/// lets only one of them record each removal. Also deletes files of the uploads folder that no upload record knows
/// (left by a crash between a write and its event), once older than the retention, so a file being written or whose
/// event another node has not projected yet is never touched.
/// </summary>
public sealed partial class UnusedUploadsCleanup(
    RoundtableDb db, UploadStore store, IOptions<UploadOptions> options, IServiceProvider services, TimeProvider time,
    ILogger<UnusedUploadsCleanup> logger) : DueWorkService(services, time)
{
    private TimeSpan Retention => options.Value.UnusedRetention;

    protected override bool Concerns(StoredEvent stored) => stored.Event is UploadStored;

    protected override async Task<DateTime> RunDueAsync(DateTime now, CancellationToken cancellationToken)
    {
        var next = DateTime.MaxValue;
        var removal = Services.GetRequiredService<UploadRemoval>();
        foreach (var upload in db.Uploads.Find(u => u.PresentationId == null && u.ShownIn == null).ToList())
        {
            var due = upload.At + Retention;
            if (due > now)
            {
                next = Min(next, due);
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (await removal.RemoveAsync(upload, null, cancellationToken) is { } kept)
            {
                LogKept(upload.Id, kept.ProblemDetails.Detail ?? "");
            }
        }
        return Min(next, DeleteOrphans(removal, now));
    }

    /// <summary>Deletes the folder's files that no upload record knows and that are older than the retention; when the next one will be.</summary>
    private DateTime DeleteOrphans(UploadRemoval removal, DateTime now)
    {
        var next = DateTime.MaxValue;
        if (!Directory.Exists(store.Folder))
        {
            return next;
        }
        foreach (var path in Directory.EnumerateFiles(store.Folder))
        {
            var name = Path.GetFileName(path);
            if (!UploadStore.IsStoreFileName(name) || db.Uploads.FindById(name) is not null)
            {
                continue;
            }
            var due = File.GetLastWriteTimeUtc(path) + Retention;
            if (due > now)
            {
                next = Min(next, due);
                continue;
            }
            removal.DeleteFile(name);
            LogOrphanDeleted(name);
        }
        return next;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    protected override void OnFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(EventId = 8542, Level = LogLevel.Information, Message = "Upload {UploadId} was not removed as unused: {Reason}")]
    private partial void LogKept(string uploadId, string reason);

    [LoggerMessage(EventId = 8543, Level = LogLevel.Information, Message = "The file {Name} in the uploads folder belonged to no upload; deleted")]
    private partial void LogOrphanDeleted(string name);

    [LoggerMessage(EventId = 8544, Level = LogLevel.Warning, Message = "Cleaning up unused uploads failed; trying again in a minute")]
    private partial void LogFailed(Exception ex);
}
