using Roundtable.Server.AsyncPresentations;

namespace Roundtable.Server.Tests.AsyncPresentations;

public sealed class UploadTypesTests
{
    [Theory]
    [InlineData("%PDF-1.7\n", "application/pdf")]
    [InlineData("\u0089PNG\r\n\u001a\n", "image/png")]
    [InlineData("\u00ff\u00d8\u00ff\u00e0", "image/jpeg")]
    [InlineData("GIF89a", "image/gif")]
    [InlineData("GIF87a", "image/gif")]
    [InlineData("RIFF\u0001\u0002\u0003\u0004WEBPVP8 ", "image/webp")]
    [InlineData("<!doctype html>", null)]
    [InlineData("<svg xmlns=", null)]
    [InlineData("MZ\u0090\u0000", null)]
    [InlineData("RIFF\u0001\u0002\u0003\u0004WAVEfmt ", null)]
    [InlineData("", null)]
    public void FilesAreKnownByTheirFirstBytes(string header, string? expected) =>
        Assert.Equal(expected, UploadTypes.Sniff(header.Select(c => (byte)c).ToArray()));

    [Theory]
    [InlineData("image/jpeg", "photo.JPG", true)]
    [InlineData("image/jpeg", "photo.jpeg", true)]
    [InlineData("image/png", "photo.jpg", false)]
    [InlineData("application/pdf", "deck.pdf", true)]
    [InlineData("text/html", "page.html", false)]
    [InlineData("application/octet-stream", "setup.exe", false)]
    public void TheNameMustFitTheType(string contentType, string fileName, bool fits) =>
        Assert.Equal(fits, UploadTypes.ExtensionFits(contentType, fileName));

    [Theory]
    [InlineData("C:\\Users\\ana\\deck.pdf", "deck.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("a<b>c:\"d|e?f*.png", "abcdef.png")]
    [InlineData("  ...  ", "file")]
    [InlineData(null, "file")]
    public void NamesAreCleaned(string? given, string expected) => Assert.Equal(expected, UploadTypes.CleanFileName(given, 120));

    [Fact]
    public void LongNamesKeepTheirExtension() =>
        Assert.Equal(new string('a', 16) + ".pdf", UploadTypes.CleanFileName(new string('a', 50) + ".pdf", 20));
}
