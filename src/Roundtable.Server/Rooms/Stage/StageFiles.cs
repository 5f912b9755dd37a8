using Microsoft.AspNetCore.SignalR;
using Roundtable.Server.Accounts;
using Roundtable.Core.Rooms;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Rooms;

/// <summary>
/// Uploaded files as live slides: which uploads a caller may put on a room's stage (their own, or any of the cohort's
/// for a coach or admin; always of the room's cohort), each with its pages as the server counts them.
/// </summary>
public sealed partial class StageFiles(RoundtableDb db, UploadStore store, ILogger<StageFiles> logger)
{
    /// <summary>The command for the decider, or a <see cref="HubException"/> naming the first file that cannot be shared.</summary>
    public ShareFileSlides Resolve(Actor actor, RoundtableRecord roundtable, IReadOnlyList<string>? uploadIds)
    {
        if (uploadIds is null || uploadIds.Count == 0)
        {
            throw new HubException("Choose at least one file to share as slides.");
        }
        if (uploadIds.Count > StageLimits.MaxSlides)
        {
            throw new HubException($"At most {StageLimits.MaxSlides} files can be shared as slides at once. Nothing was shared.");
        }
        var files = new List<SlideFile>(uploadIds.Count);
        foreach (var uploadId in uploadIds)
        {
            if (!Ids.IsWellFormed(uploadId) || db.Uploads.FindById(uploadId) is not { } upload
                || upload.CohortId != roundtable.CohortId || (upload.OwnerId != actor.UserId && !actor.CanFacilitate))
            {
                throw new HubException("One of the files is not among your uploads to this cohort. Nothing was shared.");
            }
            files.Add(new SlideFile(upload.Id, upload.FileName, upload.ContentType, PagesOf(upload)));
        }
        return new ShareFileSlides(files);
    }

    /// <summary>An image is one slide; a PDF one per page (0 when it cannot be read, which the decider refuses).</summary>
    private int PagesOf(UploadRecord upload)
    {
        if (upload.ContentType != "application/pdf")
        {
            return 1;
        }
        if (PdfPages.Count(store.PathOf(upload.Id)) is { } pages)
        {
            return pages;
        }
        LogUnreadablePdf(upload.Id);
        return 0;
    }

    [LoggerMessage(EventId = 8520, Level = LogLevel.Information, Message = "Upload {UploadId} could not be read as a PDF to share as slides")]
    private partial void LogUnreadablePdf(string uploadId);
}
