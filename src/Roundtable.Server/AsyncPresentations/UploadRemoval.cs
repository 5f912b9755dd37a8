using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>
/// Removes an upload, for a person or for the server's clean-up: refused while a submitted presentation holds it or a
/// roundtable that has not ended showed it as slides; otherwise <c>UploadRemoved</c> is appended on the cohort's stream,
/// and only once that is durable is the file deleted (a crash in between leaves an orphan file that
/// <see cref="UnusedUploadsCleanup"/> deletes later).
/// </summary>
public sealed partial class UploadRemoval(RoundtableDb db, UploadStore store, AsyncPresentationWriter writer, ILogger<UploadRemoval> logger)
{
    /// <summary>Null once removed (or already gone); otherwise the problem to answer with (409 with where it is used).</summary>
    public async Task<ProblemHttpResult?> RemoveAsync(UploadRecord upload, string? byUserId, CancellationToken cancellationToken)
    {
        if (ShownInUnendedRoundtable(upload) is { } roundtable)
        {
            return ApiProblem.Conflict(
                $"This file is being shown as slides in roundtable “{roundtable.Title}”; it can be removed once that roundtable has ended.").ToResult();
        }
        if (await writer.ExecuteAsync(upload.CohortId, (state, _) => state.RemoveUpload(upload.Id, byUserId), cancellationToken) is { } problem)
        {
            return problem;
        }
        DeleteFile(upload.Id);
        LogRemoved(upload.Id, upload.CohortId, byUserId ?? "the server (unused)");
        return null;
    }

    /// <summary>Deletes a file of the uploads folder; one that cannot be deleted now is left for the clean-up.</summary>
    public void DeleteFile(string name)
    {
        var path = store.PathOf(name);
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogDeleteFailed(ex, name);
        }
    }

    /// <summary>A roundtable whose stage showed the file and which has not ended (its participants may still be shown it).</summary>
    private RoundtableRecord? ShownInUnendedRoundtable(UploadRecord upload) =>
        (upload.ShownIn ?? []).Select(id => db.Roundtables.FindById(id)).OfType<RoundtableRecord>()
            .FirstOrDefault(r => r.Status != RoomStatus.Ended && !r.Cancelled);

    [LoggerMessage(EventId = 8540, Level = LogLevel.Information, Message = "Upload {UploadId} of cohort {CohortId} removed by {By}; its file is deleted")]
    private partial void LogRemoved(string uploadId, string cohortId, string by);

    [LoggerMessage(EventId = 8541, Level = LogLevel.Warning, Message = "The file {Name} in the uploads folder could not be deleted; the clean-up tries again")]
    private partial void LogDeleteFailed(Exception ex, string name);
}
