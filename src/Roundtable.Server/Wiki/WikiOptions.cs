using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Server.Wiki;

/// <summary>The wiki's size limits (section "Wiki"). The defaults keep a page within what the Markdown preview takes.</summary>
public sealed class WikiOptions
{
    public const string Section = "Wiki";

    /// <summary>A page's text: as large as a roundtable's shared notes, so published notes always fit.</summary>
    public int MaxPageBytes { get; set; } = NoteLimits.MaxNoteBytes;

    public int MaxTitleLength { get; set; } = 120;

    public int MaxSummaryLength { get; set; } = 300;

    public int MaxPagesPerCohort { get; set; } = 5_000;

    /// <summary>A page's versions: beyond this, edits are refused (a page that long-lived is better split).</summary>
    public int MaxVersionsPerPage { get; set; } = 2_000;
}
