using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Notes;

public sealed record SharedNoteDto(string RoundtableId, string Title, long Version, string Markdown, string Html, string? EditorName, DateTimeOffset? UpdatedAt);

public sealed record PrivateNoteDto(string RoundtableId, string Title, long Version, string Markdown, string Html, DateTimeOffset? UpdatedAt);

public sealed record SavePrivateNoteRequest(long? BaseVersion, string? Markdown);

public sealed record EarlierNotesDto(string RoundtableId, string Title, DateTimeOffset ScheduledStart, bool HasSharedNotes, bool HasMyNote);

/// <summary>
/// Notes over HTTP: a roundtable's shared notes (read and export; edits go through the room hub) and each person's
/// private notes, which live on their own stream of the log and are served only to their author.
/// </summary>
public static class NotesApi
{
    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Notes");
        api.MapGet("/roundtables/{roundtableId}/notes", GetSharedNotes).WithDescription("The shared notes as they stand: Markdown and sanitised HTML.");
        api.MapGet("/roundtables/{roundtableId}/notes.md", ExportSharedNotes).WithDescription("The shared notes as a Markdown file.");
        api.MapGet("/roundtables/{roundtableId}/earlier-notes", ListEarlierNotes)
            .WithDescription("The cohort's earlier roundtables that have shared notes or a private note of the caller's, newest first.");
        api.MapGet("/roundtables/{roundtableId}/my-note", GetMyNote).WithDescription("The caller's private note on this roundtable (version 0 when none).");
        api.MapPut("/roundtables/{roundtableId}/my-note", SaveMyNote).WithDescription("Saves the caller's private note; 409 when baseVersion is not the saved version.");
        api.MapGet("/my-notes", ListMyNotes).WithDescription("All of the caller's private notes, newest first.");
        return app;
    }

    private static async Task<Results<Ok<SharedNoteDto>, ProblemHttpResult>> GetSharedNotes(
        string roundtableId, ClaimsPrincipal principal, RoomAccess access, RoomCommandRunner runner, CancellationToken cancellationToken)
    {
        var admission = await access.DecideAsync(principal.UserId()!, roundtableId, cancellationToken);
        if (admission.Roundtable is not { } roundtable || !admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        var note = await runner.ReadAsync(roundtable.Id, state => state.Feature<SharedNotesState>().SharedNote, cancellationToken);
        return TypedResults.Ok(new SharedNoteDto(roundtable.Id, roundtable.Title, note.Version, note.Markdown, note.Html, note.EditorName, note.EditedAt));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportSharedNotes(
        string roundtableId, ClaimsPrincipal principal, RoomAccess access, RoomCommandRunner runner, CancellationToken cancellationToken)
    {
        var admission = await access.DecideAsync(principal.UserId()!, roundtableId, cancellationToken);
        if (admission.Roundtable is not { } roundtable || !admission.Allowed)
        {
            return admission.ToProblem(roundtableId);
        }
        var note = await runner.ReadAsync(roundtable.Id, state => state.Feature<SharedNotesState>().SharedNote, cancellationToken);
        return TypedResults.Text(note.Markdown, "text/markdown; charset=utf-8");
    }

    private static Results<Ok<EarlierNotesDto[]>, ProblemHttpResult> ListEarlierNotes(
        string roundtableId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        if (Visible(roundtableId, principal, db, access) is not { } roundtable)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        var userId = principal.UserId()!;
        var earlier = db.Roundtables.Find(r => r.CohortId == roundtable.CohortId && r.Kind == roundtable.Kind && r.ParentId == roundtable.ParentId)
            .Where(r => r.Id != roundtable.Id && r.ScheduledStart < roundtable.ScheduledStart)
            .OrderByDescending(r => r.ScheduledStart)
            .Select(r => new EarlierNotesDto(r.Id, r.Title, r.ScheduledStart.AsUtc(),
                db.SharedNotes.FindById(r.Id) is { Version: > 0 },
                db.PrivateNotes.FindById(PrivateNoteRecord.KeyOf(userId, r.Id)) is { Markdown.Length: > 0 }))
            .Where(n => n.HasSharedNotes || n.HasMyNote)
            .ToArray();
        return TypedResults.Ok(earlier);
    }

    private static Results<Ok<PrivateNoteDto>, ProblemHttpResult> GetMyNote(string roundtableId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access)
    {
        if (Visible(roundtableId, principal, db, access) is not { } roundtable)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        return TypedResults.Ok(ToDto(roundtable, db.PrivateNotes.FindById(PrivateNoteRecord.KeyOf(principal.UserId()!, roundtable.Id))));
    }

    /// <summary>
    /// Appends to the author's note stream only at the base version (so a save made from a stale copy, e.g. in another
    /// tab, is refused rather than overwriting), then waits until this node's read model has it.
    /// </summary>
    private static async Task<Results<Ok<PrivateNoteDto>, ProblemHttpResult>> SaveMyNote(
        string roundtableId, SavePrivateNoteRequest? request, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access,
        EventStreamWriter writer, MarkdownRenderer markdown, CancellationToken cancellationToken)
    {
        if (Visible(roundtableId, principal, db, access) is not { } roundtable)
        {
            return Problems.NotFound("roundtable", roundtableId);
        }
        if (request is not { BaseVersion: >= 0 and var baseVersion, Markdown: { } text })
        {
            return Problems.Invalid("markdown", "Give the note's markdown and the baseVersion it was edited from (0 for a new note).");
        }
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > NoteLimits.MaxNoteBytes)
        {
            return Problems.Invalid("markdown", $"The note is {bytes / 1024.0:0.#} KB; the limit is {NoteLimits.MaxNoteBytes / 1024} KB. Nothing was saved.");
        }
        var userId = principal.UserId()!;
        var saved = new PrivateNoteSaved(userId, roundtable.Id, text, markdown.Render(text), baseVersion + 1);
        var write = await writer.ExecuteAsync(FoldedStream.VersionOnly(NoteStreams.Private(userId, roundtable.Id)), version => version == baseVersion
            ? StreamDecision.Append<long?>(null, saved)
            : StreamDecision.Nothing<long?>(version), NoteWrites, cancellationToken);
        if ((write.Busy ? write.State : write.Answer) is { } currentVersion)
        {
            return Problems.Conflict(
                $"This note was saved elsewhere (version {currentVersion}) since you opened it (version {baseVersion}). Nothing was saved: copy your text, load the saved note, and add your changes again.",
                currentVersion);
        }
        return TypedResults.Ok(ToDto(roundtable, db.PrivateNotes.FindById(PrivateNoteRecord.KeyOf(userId, roundtable.Id))));
    }

    private static readonly StreamWriteOptions NoteWrites = new() { ReadYourWrite = true };

    private static Ok<PrivateNoteDto[]> ListMyNotes(ClaimsPrincipal principal, RoundtableDb db)
    {
        var userId = principal.UserId()!;
        var notes = db.PrivateNotes.Find(n => n.UserId == userId)
            .Where(n => !string.IsNullOrEmpty(n.Markdown))
            .OrderByDescending(n => n.UpdatedAt)
            .Select(n => db.Roundtables.FindById(n.RoundtableId) is { } roundtable ? ToDto(roundtable, n) : null)
            .OfType<PrivateNoteDto>()
            .ToArray();
        return TypedResults.Ok(notes);
    }

    private static RoundtableRecord? Visible(string roundtableId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access) =>
        Ids.IsWellFormed(roundtableId) && db.Roundtables.FindById(roundtableId) is { } roundtable && access.CanSeeRoom(roundtable, principal.UserId()!)
            ? roundtable
            : null;

    // LiteDB's mapper stores an empty string as null.
    private static PrivateNoteDto ToDto(RoundtableRecord roundtable, PrivateNoteRecord? note) => note is null
        ? new PrivateNoteDto(roundtable.Id, roundtable.Title, 0, "", "", null)
        : new PrivateNoteDto(roundtable.Id, roundtable.Title, note.Version, note.Markdown ?? "", note.Html ?? "", note.UpdatedAt.AsUtc());

}
