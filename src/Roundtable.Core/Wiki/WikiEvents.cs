using Roundtable.Core.Events;

namespace Roundtable.Core.Wiki;

/// <summary>
/// The events of one wiki page, on its own stream (<see cref="Log.StreamNames.WikiPage"/>): the stream's seq is the
/// page's version, so two edits from the same version cannot both land. Every event carries the whole text as it then
/// stands, so each version can be read, compared and reverted to on its own.
/// </summary>
public abstract record WikiPageEvent(string CohortId, string PageId, string AuthorId) : DomainEvent;

/// <summary>
/// A page is written for the first time. <paramref name="Html"/> is the Markdown rendered and sanitised once, with
/// <c>[[links]]</c> still as text (they are resolved when the page is read, against the pages that exist then).
/// <paramref name="SourceRoundtableId"/>: the roundtable whose shared notes it was published from.
/// </summary>
public sealed record WikiPageCreated(string CohortId, string PageId, string AuthorId, string Title, string Markdown, string Html, string? SourceRoundtableId)
    : WikiPageEvent(CohortId, PageId, AuthorId);

/// <summary>A new version of the text, whole, with what changed in the author's words (may be empty).</summary>
public sealed record WikiPageEdited(string CohortId, string PageId, string AuthorId, string Markdown, string Html, string Summary, string? SourceRoundtableId = null)
    : WikiPageEvent(CohortId, PageId, AuthorId);

/// <summary>The page takes a new title; its text stays as it was.</summary>
public sealed record WikiPageRenamed(string CohortId, string PageId, string AuthorId, string Title) : WikiPageEvent(CohortId, PageId, AuthorId);

/// <summary>A new version whose text is that of version <paramref name="ToVersion"/>; the versions between stay in the history.</summary>
public sealed record WikiPageReverted(string CohortId, string PageId, string AuthorId, long ToVersion, string Markdown, string Html)
    : WikiPageEvent(CohortId, PageId, AuthorId);

/// <summary>The wiki's event types, as the event serializer knows them.</summary>
public static class WikiEventTypes
{
    public static readonly IReadOnlyList<Type> All = [typeof(WikiPageCreated), typeof(WikiPageEdited), typeof(WikiPageRenamed), typeof(WikiPageReverted)];
}
