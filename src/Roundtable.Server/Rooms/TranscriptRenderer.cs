using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>
/// A feature's lines in the transcript: one line of plain text for each of its events that a reader should see, null
/// for the rest (including events of other features). Registered by the feature's own setup.
/// </summary>
public interface ITranscriptPart
{
    string? Describe(StoredEvent stored);
}

/// <summary>
/// The transcript is the room's log rendered: Markdown (messages as written) or an HTML page (messages as sanitised).
/// Chat and the room's own lines are here; every other line comes from the feature that owns the event.
/// </summary>
public sealed class TranscriptRenderer(IEnumerable<ITranscriptPart> parts)
{
    private readonly ITranscriptPart[] _parts = [.. parts];

    public string ToMarkdown(string title, IReadOnlyList<StoredEvent> events)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(EscapeLine(title)).AppendLine();
        foreach (var stored in events)
        {
            var time = Time(stored.At);
            switch (stored.Event)
            {
                case MessagePosted { Markdown.Length: 0 }:
                    // A message this reader may not see (hidden by the coach) is left out.
                    break;
                case MessagePosted m:
                    md.Append("**").Append(EscapeLine(m.DisplayName)).Append("** · ").Append(time).AppendLine().AppendLine();
                    // Quoted, so nothing a participant writes can pose as a transcript line of its own.
                    foreach (var line in m.Markdown.Replace("\r\n", "\n").Split('\n'))
                    {
                        md.Append("> ").AppendLine(line);
                    }
                    md.AppendLine();
                    break;
                default:
                    if (Describe(stored) is { } note)
                    {
                        md.Append("_").Append(time).Append(" · ").Append(EscapeLine(note)).AppendLine("_").AppendLine();
                    }
                    break;
            }
        }
        return md.ToString();
    }

    public string ToHtml(string title, IReadOnlyList<StoredEvent> events)
    {
        var enc = HtmlEncoder.Default;
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(enc.Encode(title)).Append(" · transcript</title>")
            .Append("<link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main class=\"transcript\"><h1>")
            .Append(enc.Encode(title)).Append("</h1><ol class=\"transcript-entries\">");
        foreach (var stored in events)
        {
            var time = $"<time datetime=\"{stored.At.UtcDateTime:O}\">{enc.Encode(Time(stored.At))}</time>";
            switch (stored.Event)
            {
                case MessagePosted { Markdown.Length: 0 }:
                    // A message this reader may not see (hidden by the coach) is left out.
                    break;
                case MessagePosted m:
                    // m.Html was sanitised when the message was sent; it is the only unencoded text here.
                    html.Append("<li class=\"message\"><p class=\"meta\"><strong>").Append(enc.Encode(m.DisplayName)).Append("</strong> · ")
                        .Append(time).Append("</p><div class=\"body\">").Append(m.Html).Append("</div></li>");
                    break;
                default:
                    if (Describe(stored) is { } note)
                    {
                        html.Append("<li class=\"note\">").Append(time).Append(" · ").Append(enc.Encode(note)).Append("</li>");
                    }
                    break;
            }
        }
        html.Append("</ol></main></body></html>");
        return html.ToString();
    }

    private string? Describe(StoredEvent stored) => stored.Event switch
    {
        ParticipantJoined e => $"{e.DisplayName} joined ({e.Role.ToString().ToLowerInvariant()})",
        ParticipantLeft e => e.Reason == LeaveReason.Disconnected ? $"{e.DisplayName} was disconnected" : $"{e.DisplayName} left",
        RoundtableStarted => "The roundtable started",
        RoundtableEnded => "The roundtable ended",
        _ => DescribeByFeature(stored),
    };

    private string? DescribeByFeature(StoredEvent stored)
    {
        foreach (var part in _parts)
        {
            if (part.Describe(stored) is { } line)
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>A time as every transcript line shows it.</summary>
    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Markdown on one line, for a transcript line that quotes it.</summary>
    internal static string Flatten(string markdown) => string.Join(' ', markdown.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    // Names and titles are plain text: Markdown punctuation and angle brackets are escaped, so a name cannot
    // become a link, emphasis or raw HTML in whatever renders the transcript.
    private static string EscapeLine(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                escaped.Append(' ');
                continue;
            }
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '!' or '|' or '~')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
