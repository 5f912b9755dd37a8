using System.Globalization;
using System.Text;
using CsvHelper;

namespace Roundtable.Server.Invitations;

/// <summary>One person asked for, as written in a row of the file (or the one-at-a-time form).</summary>
public sealed record InvitationRow(int Row, string Email, string Name, string Role, string ManagerEmail, string? Malformed = null);

/// <summary>The rows of an invitation file, or why the file as a whole cannot be read.</summary>
public sealed record InvitationFile(IReadOnlyList<InvitationRow> Rows, IReadOnlyList<string> FileErrors);

/// <summary>
/// Reads an invitation file: CSV (UTF-8, comma-separated) with the header <c>email,name,role,manager_email</c>
/// (manager_email may be left out; other columns are ignored). Row numbers are the file's lines as a spreadsheet shows
/// them, the header being row 1.
/// </summary>
public static class InvitationCsv
{
    public const string Header = "email,name,role,manager_email";

    /// <summary>Files over this are refused whole: 2,000 rows of long addresses and names fit well within it.</summary>
    public const int MaxBytes = 512 * 1024;

    public const int MaxRows = 2000;

    public static InvitationFile Parse(byte[] content)
    {
        if (content.Length > MaxBytes)
        {
            return Refused($"The file is {content.Length / 1024.0:0} KB; the limit is {MaxBytes / 1024} KB. Split it into smaller files.");
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return NotCsv();
        }
        if (text.Contains('\0'))
        {
            return NotCsv();
        }
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return Refused($"The file is empty. Its first line is the header {Header}, then one person a line.");
        }

        // Quoting mistakes are recovered from (the field is kept as written) and reported on their row.
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = m => malformed.TryAdd(m.LineNumber, m.Reason),
        };
        using var reader = CsvReader.FromText(text, options);
        var columns = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => columns.IndexOf(name);
        var (email, name, role, manager) = (Column("email"), Column("name"), Column("role"), Column("manager_email"));
        if (email < 0 || name < 0 || role < 0)
        {
            return Refused($"The first line must be the header {Header} (manager_email may be left out). This file's first line is: {string.Join(",", reader.Headers).Truncate(120)}");
        }

        var rows = new List<InvitationRow>();
        var count = 0;
        while (reader.Read())
        {
            string Field(int index) => index >= 0 && index < reader.FieldCount ? reader.GetString(index).Trim() : "";
            if (Enumerable.Range(0, reader.FieldCount).All(i => Field(i).Length == 0) || ++count > MaxRows)
            {
                continue;
            }
            var line = (int)reader.LineNumber;
            rows.Add(new InvitationRow(line, Field(email), Field(name), Field(role), Field(manager),
                malformed.ContainsKey(line) ? "This line is not valid CSV: check its quotes (\")." : null));
        }
        return count > MaxRows
            ? Refused($"The file has {count:N0} people; import at most {MaxRows:N0} at a time.")
            : count == 0
            ? Refused("The file has a header but nobody under it.")
            : new InvitationFile(rows, []);
    }

    private static InvitationFile NotCsv() =>
        Refused($"This is not a CSV text file. Save the spreadsheet as CSV (UTF-8) with the header {Header}.");

    private static InvitationFile Refused(string why) => new([], [why]);

    private static string Truncate(this string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
