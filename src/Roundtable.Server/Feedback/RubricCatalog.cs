using Roundtable.Core.Feedback;
using Roundtable.Server.Accounts;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Feedback;

/// <summary>A rubric version with who saved it (a user id) and when.</summary>
public sealed record SavedRubric(Rubric Rubric, string SavedBy, DateTimeOffset SavedAt);

/// <summary>
/// The rubrics as saved, read from the projected <c>rubric_versions</c> collection: any version of one, its latest,
/// the latest of each in a program. Single rubrics come from memory between directory changes, since a room's
/// feedback reads them while people give it.
/// </summary>
public sealed class RubricCatalog(RoundtableDb db, ReadModelCache cache)
{
    public Rubric? Latest(string rubricId) => LatestSaved(rubricId)?.Rubric;

    public Rubric? Version(string rubricId, int version) => SavedVersion(rubricId, version)?.Rubric;

    /// <summary>The latest version of each of the program's rubrics, by name.</summary>
    public IReadOnlyList<Rubric> LatestForProgram(string programId) => LatestSavedForProgram(programId).Select(s => s.Rubric).ToList();

    // Only well-formed ids reach the cache, so a latest key ("{id}") never looks like a version key ("{id}:{version}").
    public SavedRubric? LatestSaved(string rubricId) =>
        Ids.IsWellFormed(rubricId)
            ? cache.Get(rubricId, id => db.RubricVersions.Find(r => r.RubricId == id).MaxBy(r => r.Version) is { } record ? ToSaved(record) : null)
            : null;

    public SavedRubric? SavedVersion(string rubricId, int version) =>
        Ids.IsWellFormed(rubricId)
            ? cache.Get(RubricVersionRecord.KeyOf(rubricId, version), key => db.RubricVersions.FindById(key) is { } record ? ToSaved(record) : null)
            : null;

    public IReadOnlyList<SavedRubric> LatestSavedForProgram(string programId) =>
        db.RubricVersions.Find(r => r.ProgramId == programId)
            .GroupBy(r => r.RubricId)
            .Select(versions => ToSaved(versions.MaxBy(r => r.Version)!))
            .OrderBy(s => s.Rubric.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.Rubric.RubricId, StringComparer.Ordinal)
            .ToList();

    /// <summary>Every saved version number of the rubric, oldest first; empty for an unknown rubric.</summary>
    public IReadOnlyList<int> Versions(string rubricId) =>
        db.RubricVersions.Find(r => r.RubricId == rubricId).Select(r => r.Version).Order().ToList();

    private static SavedRubric ToSaved(RubricVersionRecord record) =>
        new(record.ToRubric(), record.SavedBy, record.SavedAt.AsUtc());
}
