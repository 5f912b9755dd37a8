using UglyToad.PdfPig;

namespace Roundtable.Server.Rooms;

/// <summary>How many pages a stored PDF has, read by the server: a browser's count is never taken.</summary>
public static class PdfPages
{
    /// <summary>The page count; null when the file cannot be read as a PDF (damaged, or not one at all).</summary>
    public static int? Count(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path);
            return document.NumberOfPages;
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException or ThreadAbortException))
        {
            // The file came from a user: whatever the parser throws on it (format, cast, index, key errors, ...)
            // means "not a PDF we can show", never a failed request.
            return null;
        }
    }
}
