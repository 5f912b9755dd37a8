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
        var changes = MessageChanges.Of(events);
        foreach (var stored in events)
        {
            var time = Time(stored.At);
            switch (stored.Event)
            {
                case MessagePosted m when changes.IsDeleted(stored.Seq):
                    md.Append("**").Append(EscapeLine(m.DisplayName)).Append("** · ").Append(time).AppendLine().AppendLine();
                    md.AppendLine("_message deleted_").AppendLine();
                    break;
                case MessagePosted { Markdown.Length: 0 }:
                    // A message this reader may not see (hidden by the coach) is left out.
                    break;
                case MessagePosted m:
                    var (markdown, _, edited) = changes.Latest(stored.Seq, m);
                    md.Append("**").Append(EscapeLine(m.DisplayName)).Append("** · ").Append(time).Append(edited ? " (edited)" : "").AppendLine().AppendLine();
                    // Quoted, so nothing a participant writes can pose as a transcript line of its own.
                    foreach (var line in markdown.Replace("\r\n", "\n").Split('\n'))
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
        var changes = MessageChanges.Of(events);
        foreach (var stored in events)
        {
            var time = $"<time datetime=\"{stored.At.UtcDateTime:O}\">{enc.Encode(Time(stored.At))}</time>";
            switch (stored.Event)
            {
                case MessagePosted m when changes.IsDeleted(stored.Seq):
                    html.Append("<li class=\"message deleted\" id=\"").Append(MessageAnchor(stored.Seq)).Append("\"><p class=\"meta\"><strong>").Append(enc.Encode(m.DisplayName)).Append("</strong> · ")
                        .Append(time).Append("</p><p class=\"body\"><em>message deleted</em></p></li>");
                    break;
                case MessagePosted { Markdown.Length: 0 }:
                    // A message this reader may not see (hidden by the coach) is left out.
                    break;
                case MessagePosted m:
                    var (_, latestHtml, edited) = changes.Latest(stored.Seq, m);
                    // The Html was sanitised when the message was sent or edited; it is the only unencoded text here.
                    html.Append("<li class=\"message\" id=\"").Append(MessageAnchor(stored.Seq)).Append("\"><p class=\"meta\"><strong>").Append(enc.Encode(m.DisplayName)).Append("</strong> · ")
                        .Append(time).Append(edited ? " (edited)" : "").Append("</p><div class=\"body\">").Append(latestHtml).Append("</div></li>");
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

    /// <summary>
    /// What became of each message later in the log: its authors' edits (the last one counts) and deletions, so a message
    /// is shown once, where it was sent, as it stands; the edits and deletions themselves are no lines of their own.
    /// </summary>
    private sealed class MessageChanges
    {
        private readonly Dictionary<long, MessageEdited> _edits = [];
        private readonly HashSet<long> _deleted = [];

        public static MessageChanges Of(IReadOnlyList<StoredEvent> events)
        {
            var changes = new MessageChanges();
            foreach (var stored in events)
            {
                switch (stored.Event)
                {
                    case MessageEdited edited:
                        changes._edits[edited.MessageSeq] = edited;
                        break;
                    case MessageDeleted deleted:
                        changes._deleted.Add(deleted.MessageSeq);
                        break;
                }
            }
            return changes;
        }

        public bool IsDeleted(long seq) => _deleted.Contains(seq);

        public (string Markdown, string Html, bool Edited) Latest(long seq, MessagePosted posted) =>
            _edits.TryGetValue(seq, out var edit) && edit.Markdown.Length > 0 ? (edit.Markdown, edit.Html, true) : (posted.Markdown, posted.Html, false);
    }

    /// <summary>The id of a message's entry in the HTML transcript, so a link can point at it (search does).</summary>
    public static string MessageAnchor(long seq) => $"message-{seq.ToString(CultureInfo.InvariantCulture)}";

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
