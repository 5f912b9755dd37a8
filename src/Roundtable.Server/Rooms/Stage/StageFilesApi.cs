using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Rooms;
using Roundtable.Server.Accounts;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Rooms;

/// <summary>
/// An uploaded file shown on a room's stage, to everyone who may be in that room: the room's own log says whether it
/// was shared there (read afresh, so a participant never asks before the room knows), the file is served as uploads are.
/// </summary>
public static class StageFilesApi
{
    public static IEndpointRouteBuilder MapStageFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/roundtables/{roundtableId}/stage/files/{uploadId}", GetStageFile).WithTags("Rooms")
            .WithDescription("A file shared as live slides in the roundtable, to those who may be in the room.");
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetStageFile(
        string roundtableId, string uploadId, HttpContext http, ClaimsPrincipal principal, RoomAccess access, RoomCommandRunner runner,
        RoundtableDb db, UploadStore store, CancellationToken cancellationToken)
    {
        var byDirectory = access.ByDirectory(principal.UserId()!, roundtableId);
        if (!byDirectory.Allowed)
        {
            return byDirectory.ToProblem(roundtableId);
        }
        var roundtable = byDirectory.Roundtable!;
        // One read of the room for both questions: a page of slides may ask for several files at once.
        var (admission, shared) = await runner.ReadAsync(roundtable.Id,
            state => (RoomAccess.InRoom(byDirectory, state), Ids.IsWellFormed(uploadId) && state.Feature<StageState>().WasShared(uploadId)), cancellationToken);
        if (!admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        if (!shared || db.Uploads.FindById(uploadId) is not { } upload || upload.CohortId != roundtable.CohortId)
        {
            return Problems.NotFound("file", uploadId);
        }
        return UploadsApi.Serve(http, store, upload);
    }
}
