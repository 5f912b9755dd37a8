using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;

namespace Roundtable.Server.Rooms;

/// <summary>How many pages a stored PDF has, read by the server: a browser's count is never taken.</summary>
public static class PdfPages
{
    /// <summary>The page count; null when the file cannot be read as a PDF (damaged, encrypted, or not one at all).</summary>
    public static int? Count(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path);
            return document.NumberOfPages;
        }
        catch (Exception ex) when (ex is PdfDocumentFormatException or InvalidOperationException or ArgumentException
            or IOException or FormatException or NotSupportedException or IndexOutOfRangeException or NullReferenceException
            or InvalidCastException or KeyNotFoundException or OverflowException)
        {
            // A malformed file surfaces as any of these from the parser; each means "not a PDF we can show".
            return null;
        }
    }
}
