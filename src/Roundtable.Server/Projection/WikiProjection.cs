using Roundtable.Core.Log;
using Roundtable.Core.Wiki;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>Wiki pages into read models: each page as it stands, and every version of it.</summary>
public static class WikiProjection
{
    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        if (stored.Event is not WikiPageEvent e)
        {
            return false;
        }
        var at = stored.At.UtcDateTime;
        var page = db.WikiPages.FindById(e.PageId);
        if (page is null)
        {
            if (e is not WikiPageCreated)
            {
                return false;
            }
            page = new WikiPageRecord { Id = e.PageId, CohortId = e.CohortId, CreatedBy = e.AuthorId, CreatedAt = at };
        }
        var version = new WikiVersionRecord { Id = WikiVersionRecord.KeyOf(e.PageId, stored.Seq), PageId = e.PageId, Version = stored.Seq, AuthorId = e.AuthorId, At = at };
        switch (e)
        {
            case WikiPageCreated c:
                (page.Title, page.Markdown, page.Html, page.SourceRoundtableId) = (c.Title, c.Markdown, c.Html, c.SourceRoundtableId);
                version.Change = WikiChange.Created;
                version.SourceRoundtableId = c.SourceRoundtableId;
                break;
            case WikiPageEdited d:
                (page.Markdown, page.Html) = (d.Markdown, d.Html);
                page.SourceRoundtableId = d.SourceRoundtableId ?? page.SourceRoundtableId;
                version.Change = WikiChange.Edited;
                version.Summary = d.Summary;
                version.SourceRoundtableId = d.SourceRoundtableId;
                break;
            case WikiPageRenamed r:
                version.Summary = $"Renamed from “{page.Title}”";
                page.Title = r.Title;
                version.Change = WikiChange.Renamed;
                break;
            case WikiPageReverted v:
                (page.Markdown, page.Html) = (v.Markdown, v.Html);
                version.Change = WikiChange.Reverted;
                version.RevertedTo = v.ToVersion;
                version.Summary = $"Reverted to version {v.ToVersion}";
                break;
        }
        page.TitleKey = WikiTitles.KeyOf(page.Title);
        page.LinksTo = [.. WikiTitles.LinkedKeys(page.Markdown)];
        page.Version = stored.Seq;
        page.UpdatedBy = e.AuthorId;
        page.UpdatedAt = at;
        db.WikiPages.Upsert(page);
        (version.Title, version.Markdown, version.Html) = (page.Title, page.Markdown, page.Html);
        db.WikiVersions.Upsert(version);
        return true;
    }
}
