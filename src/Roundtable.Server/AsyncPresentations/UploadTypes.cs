namespace Roundtable.Server.AsyncPresentations;

/// <summary>
/// The file types an upload may be, known by their first bytes (never by the name or the declared type alone), each with
/// the extensions its name may have.
/// </summary>
public static class UploadTypes
{
    public const int HeaderBytes = 16;

    private static readonly Dictionary<string, string[]> Extensions = new(StringComparer.Ordinal)
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg"],
        ["image/gif"] = [".gif"],
        ["image/webp"] = [".webp"],
    };

    public static string Allowed => "PDF, PNG, JPEG, GIF or WebP";

    /// <summary>The type the bytes are, from their signature; null for anything else (HTML, scripts, programs, ...).</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

    public static bool ExtensionFits(string contentType, string fileName) =>
        Extensions.TryGetValue(contentType, out var extensions) && extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());

    /// <summary>Images and PDFs are shown in the browser; anything else would be offered as a download only.</summary>
    public static bool ShownInline(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal) || contentType == "application/pdf";

    /// <summary>
    /// The name as given, made safe to show and to put in a header: the last path part, without control or path
    /// characters, at most <paramref name="maxLength"/> characters with its extension kept.
    /// </summary>
    public static string CleanFileName(string? name, int maxLength)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/')[^1];
        var kept = new string([.. last.Where(c => !char.IsControl(c) && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*'))]).Trim().Trim('.').Trim();
        if (kept.Length > maxLength)
        {
            var extension = Path.GetExtension(kept);
            kept = extension.Length < maxLength ? kept[..(maxLength - extension.Length)] + extension : kept[..maxLength];
        }
        return kept.Length == 0 ? "file" : kept;
    }
}
