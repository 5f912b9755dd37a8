using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Directory;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.AsyncPresentations;

public sealed record UploadDto(string Id, string FileName, string ContentType, long Size, string Sha256, string Url);

/// <summary>
/// Files for presentations. A learner of the cohort sends the file itself as the request body (its name in the query,
/// its type in Content-Type); it is kept only if its first bytes show it is a PDF or an image of an allowed kind, and
/// its name and declared type say the same. A file is served, never run: with the type its bytes were found to be,
/// nosniff, and a sandboxing Content-Security-Policy.
/// </summary>
public static partial class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Uploads");
        api.MapPost("/cohorts/{cohortId}/uploads", Upload)
            .WithDescription("A learner uploads a file (PDF, PNG, JPEG, GIF or WebP) as the request body; ?fileName= names it.");
        api.MapGet("/cohorts/{cohortId}/uploads", ListOwn)
            .WithDescription("The caller's own uploads in the cohort, newest first (to pick one again, e.g. as live slides).");
        api.MapGet("/uploads/{uploadId}", Download)
            .WithDescription("The file, to its owner, the cohort's coaches and admins, and the reviewers of the presentation it is part of.");
        api.MapDelete("/uploads/{uploadId}", Remove)
            .WithDescription("Its owner, a coach of its cohort or an admin removes an upload; 409 while a submitted presentation or a roundtable not ended uses it.");
        return app;
    }

    private static async Task<Results<Created<UploadDto>, ProblemHttpResult>> Upload(
        string cohortId, string? fileName, HttpContext http, ClaimsPrincipal principal, CohortAccess access, UploadStore store,
        AsyncPresentationWriter writer, ILogger<UploadStore> logger, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || !access.CanSee(cohortId, userId))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        // Learners upload for their presentations; coaches and admins for what they show on a live stage.
        if (access.RoleIn(cohortId, userId) is not (CohortRole.Learner or CohortRole.Coach) && !access.IsAdmin(userId))
        {
            return ApiProblem.Forbidden("Files are uploaded by the cohort's learners, coaches and admins.").ToResult();
        }
        // Refused from the header alone, before a byte of the body is read.
        if (http.Request.ContentLength > store.MaxBytes)
        {
            return TooLarge(store.MaxBytes);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = store.MaxBytes + 1;
        }
        var name = UploadTypes.CleanFileName(fileName, AsyncPresentationLimits.MaxFileNameLength);
        var declared = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return ApiProblem.Invalid("fileName", "Name the file (?fileName=slides.pdf).").ToResult();
        }
        if (!UploadTypes.ExtensionFits(declared, name))
        {
            return Unsupported($"“{name}” is not a {UploadTypes.Allowed} file by its name and type; nothing was kept.");
        }

        ReceivedFile? received;
        try
        {
            received = await store.ReceiveAsync(http.Request.Body, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            received = null;
        }
        if (received is null)
        {
            return TooLarge(store.MaxBytes);
        }
        if (received.SniffedType != declared)
        {
            UploadStore.Discard(received.TempPath);
            LogRefused(logger, cohortId, declared, received.SniffedType ?? "unknown");
            return Unsupported(received.SniffedType is null
                ? $"The contents of “{name}” are not a {UploadTypes.Allowed} file, whatever its name says; nothing was kept."
                : $"“{name}” is named and sent as {declared}, but its contents are {received.SniffedType}; nothing was kept.");
        }

        var uploadId = Ids.New();
        store.Keep(received, uploadId);
        var stored = new UploadStored(uploadId, userId, cohortId, name, received.SniffedType, received.Size, received.Sha256);
        ProblemHttpResult? problem;
        try
        {
            problem = await writer.ExecuteAsync(cohortId, (_, _) => AsyncDecision.Append(stored), cancellationToken);
        }
        catch
        {
            UploadStore.Discard(store.PathOf(uploadId));
            throw;
        }
        if (problem is not null)
        {
            UploadStore.Discard(store.PathOf(uploadId));
            return problem;
        }
        LogStored(logger, uploadId, cohortId, received.SniffedType, received.Size);
        return TypedResults.Created(UrlOf(uploadId), new UploadDto(uploadId, name, received.SniffedType, received.Size, received.Sha256, UrlOf(uploadId)));
    }

    private static Results<Ok<List<UploadDto>>, ProblemHttpResult> ListOwn(string cohortId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(cohortId) || !access.CanSee(cohortId, userId))
        {
            return Problems.NotFound("cohort", cohortId);
        }
        var own = db.Uploads.Find(u => u.OwnerId == userId && u.CohortId == cohortId)
            .OrderByDescending(u => u.At)
            .Select(u => new UploadDto(u.Id, u.FileName, u.ContentType, u.Size, u.Sha256, UrlOf(u.Id)))
            .ToList();
        return TypedResults.Ok(own);
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Download(
        string uploadId, HttpContext http, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, UploadStore store)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(uploadId) || db.Uploads.FindById(uploadId) is not { } upload || !access.CanSee(upload.CohortId, userId))
        {
            return Problems.NotFound("file", uploadId);
        }
        if (!MayRead(db, access, upload, userId))
        {
            return ApiProblem.Forbidden("A file is seen by its owner, the cohort's coaches and the reviewers of its presentation.").ToResult();
        }
        return Serve(http, store, upload);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Remove(
        string uploadId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access, UploadRemoval removal, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        if (!Ids.IsWellFormed(uploadId) || db.Uploads.FindById(uploadId) is not { } upload || !access.CanSee(upload.CohortId, userId))
        {
            return Problems.NotFound("file", uploadId);
        }
        if (upload.OwnerId != userId && !access.CanFacilitate(upload.CohortId, userId))
        {
            // Those who may open the file (its presentation's reviewers) are told they may not remove it; to others it does not exist.
            return MayRead(db, access, upload, userId)
                ? ApiProblem.Forbidden("A file is removed by its owner, the cohort's coaches and admins.").ToResult()
                : Problems.NotFound("file", uploadId);
        }
        return await removal.RemoveAsync(upload, userId, cancellationToken) is { } problem ? problem : TypedResults.NoContent();
    }

    /// <summary>The file itself, to a caller already allowed to read it; 404 if it is gone from the folder.</summary>
    internal static Results<PhysicalFileHttpResult, ProblemHttpResult> Serve(HttpContext http, UploadStore store, UploadRecord upload)
    {
        var path = store.PathOf(upload.Id);
        if (!File.Exists(path))
        {
            return Problems.NotFound("file", upload.Id);
        }
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Whatever the file holds, a browser that opens it treats it as an isolated, script-less document.
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
        headers.CacheControl = "private, no-cache";
        var disposition = new ContentDispositionHeaderValue(UploadTypes.ShownInline(upload.ContentType) ? "inline" : "attachment");
        disposition.SetHttpFileName(upload.FileName);
        headers.ContentDisposition = disposition.ToString();
        return TypedResults.PhysicalFile(path, upload.ContentType, enableRangeProcessing: true);
    }

    /// <summary>Its owner, the cohort's coaches and admins, and, once it is part of a presentation, that presentation's reviewers.</summary>
    internal static bool MayRead(RoundtableDb db, CohortAccess access, UploadRecord upload, string userId) =>
        upload.OwnerId == userId
        || access.CanFacilitate(upload.CohortId, userId)
        || (upload.PresentationId is { } presentationId && db.AsyncReviews.FindById(AsyncReviewRecord.KeyOf(presentationId, userId)) is not null);

    public static string UrlOf(string uploadId) => $"/api/uploads/{uploadId}";

    private static ProblemHttpResult TooLarge(long maxBytes) => new ApiProblem(StatusCodes.Status413PayloadTooLarge, "File too large",
        $"A file may be at most {maxBytes / (1024.0 * 1024):0.#} MB; nothing was kept.",
        new Dictionary<string, string[]> { ["file"] = [$"A file may be at most {maxBytes / (1024.0 * 1024):0.#} MB."] }).ToResult();

    private static ProblemHttpResult Unsupported(string detail) => new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "File type not allowed",
        detail, new Dictionary<string, string[]> { ["file"] = [detail] }).ToResult();

    [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "Upload {UploadId} kept in cohort {CohortId}: {ContentType}, {Size} bytes")]
    private static partial void LogStored(ILogger logger, string uploadId, string cohortId, string contentType, long size);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "An upload to cohort {CohortId} was refused: declared {Declared}, its contents {Sniffed}")]
    private static partial void LogRefused(ILogger logger, string cohortId, string declared, string sniffed);
}
