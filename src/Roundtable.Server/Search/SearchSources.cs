using Roundtable.Core.Log;
using Roundtable.Core.Wiki;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Search;

/// <summary>Something a person may find: its cohort decides who may (its members; admins all).</summary>
public sealed record SearchDocument(string Id, string Kind, string CohortId, string Title, string Text, string Link);

/// <summary>One change to the index: <see cref="Document"/> put under <see cref="Id"/>, or the id removed when null.</summary>
public sealed record SearchChange(string Id, SearchDocument? Document);

/// <summary>
/// One kind of searchable thing: from an event on the log (with this node's read models holding it), the documents it
/// changes. A new kind is one small class registered with <see cref="SearchSetup.AddSearchSource{T}"/>.
/// </summary>
public interface ISearchSource
{
    IEnumerable<SearchChange> ChangesOf(StoredEvent stored, RoundtableDb db);
}

/// <summary>Wiki pages, as they stand (the latest version), under "wiki:{pageId}".</summary>
public sealed class WikiSearchSource : ISearchSource
{
    public IEnumerable<SearchChange> ChangesOf(StoredEvent stored, RoundtableDb db)
    {
        if (stored.Event is not WikiPageEvent e || db.WikiPages.FindById(e.PageId) is not { } page)
        {
            yield break;
        }
        var link = $"/wiki.html?cohort={Uri.EscapeDataString(page.CohortId)}&page={Uri.EscapeDataString(page.Id)}";
        yield return new SearchChange($"wiki:{page.Id}", new SearchDocument($"wiki:{page.Id}", "wiki", page.CohortId, page.Title, page.Markdown, link));
    }
}
