namespace Roundtable.Server.Search;

/// <summary>Full-text search (section "Search").</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The index's folder, under the data directory. Deleted, it is rebuilt from the log at start.</summary>
    public string IndexDirectory { get; set; } = "search-index";

    public int MaxQueryLength { get; set; } = 200;

    public int MaxResults { get; set; } = 50;
}
