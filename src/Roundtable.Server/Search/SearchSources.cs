using Roundtable.Core.Log;
using Roundtable.Core.Wiki;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Search;

/// <summary>
/// Something a person may find: its cohort decides who may (its members; admins all). A part of a roundtable's
/// transcript names its <see cref="RoundtableId"/>: then only those the room lets read its transcript find it.
/// </summary>
public sealed record SearchDocument(string Id, string Kind, string CohortId, string Title, string Text, string Link, string? RoundtableId = null);

/// <summary>One change to the index: <see cref="Document"/> put under <see cref="Id"/>, or the id removed when null.</summary>
public sealed record SearchChange(string Id, SearchDocument? Document);

/// <summary>
/// One kind of searchable thing: from an event on the log (with this node's read models holding it), the documents it
/// changes; a source may read the log further (a roundtable's whole stream). A new kind is one small class registered
/// with <see cref="SearchSetup.AddSearchSource{T}"/>.
/// </summary>
public interface ISearchSource
{
    ValueTask<IReadOnlyCollection<SearchChange>> ChangesOfAsync(StoredEvent stored, RoundtableDb db, CancellationToken cancellationToken);
}

/// <summary>Wiki pages, as they stand (the latest version), under "wiki:{pageId}".</summary>
public sealed class WikiSearchSource : ISearchSource
{
    public ValueTask<IReadOnlyCollection<SearchChange>> ChangesOfAsync(StoredEvent stored, RoundtableDb db, CancellationToken cancellationToken)
    {
        if (stored.Event is not WikiPageEvent e || db.WikiPages.FindById(e.PageId) is not { } page)
        {
            return ValueTask.FromResult<IReadOnlyCollection<SearchChange>>([]);
        }
        var link = $"/wiki.html?cohort={Uri.EscapeDataString(page.CohortId)}&page={Uri.EscapeDataString(page.Id)}";
        return ValueTask.FromResult<IReadOnlyCollection<SearchChange>>(
            [new SearchChange($"wiki:{page.Id}", new SearchDocument($"wiki:{page.Id}", "wiki", page.CohortId, page.Title, page.Markdown, link))]);
    }
}
