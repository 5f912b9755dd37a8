namespace Roundtable.Server.Storage;

/// <summary>A wiki page as it stands (its latest version). Id: the page's.</summary>
public sealed class WikiPageRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The title as compared: see <see cref="Core.Wiki.WikiTitles.KeyOf"/>.</summary>
    public string TitleKey { get; set; } = "";
    /// <summary>The seq on the page's stream.</summary>
    public long Version { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    /// <summary>The keys of the titles the text links to with [[...]]: the backlinks of a page are the pages listing its key.</summary>
    public List<string> LinksTo { get; set; } = [];
    /// <summary>The roundtable whose shared notes it was first (or last) published from.</summary>
    public string? SourceRoundtableId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

public enum WikiChange
{
    Created,
    Edited,
    Renamed,
    Reverted,
}

/// <summary>Every version of a page, kept as it was written. Id: "{PageId}:{Version:D9}".</summary>
public sealed class WikiVersionRecord
{
    public string Id { get; set; } = "";
    public string PageId { get; set; } = "";
    public long Version { get; set; }
    public WikiChange Change { get; set; }
    public string Title { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string Summary { get; set; } = "";
    /// <summary>For a revert: the version whose text it brought back.</summary>
    public long? RevertedTo { get; set; }
    public string? SourceRoundtableId { get; set; }
    public string AuthorId { get; set; } = "";
    public DateTime At { get; set; }

    public static string KeyOf(string pageId, long version) => $"{pageId}:{version:D9}";
}
