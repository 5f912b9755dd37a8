namespace Roundtable.Server.AsyncPresentations;

/// <summary>Uploaded files (presentations' PDFs and images). Bound from the "Uploads" section.</summary>
public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary>The largest file accepted, in bytes; a larger upload is refused with 413 before it is read to the end. 20 MB.</summary>
    public long MaxBytes { get; set; } = 20L << 20;

    /// <summary>Where the files are kept; unset: "uploads" in the data directory (Storage:DataDirectory).</summary>
    public string? Directory { get; set; }

    /// <summary>
    /// How long an upload that nothing uses (no submitted presentation, no roundtable's stage) is kept before the server
    /// removes it; also how old a file in the folder that no upload record knows must be before it is deleted. 7 days.
    /// </summary>
    public TimeSpan UnusedRetention { get; set; } = TimeSpan.FromDays(7);
}
