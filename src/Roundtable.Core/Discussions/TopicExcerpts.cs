using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Discussions;

/// <summary>One agenda topic of a session and the chat said while it was the current item.</summary>
public sealed record TopicExcerpt(string ItemId, string Label, string? PromptMarkdown, IReadOnlyList<(string Name, string Markdown)> Messages);

/// <summary>
/// A session's chat split by agenda topic: a message belongs to the topic that was current when it was posted. Deleted
/// and hidden messages are left out, edited ones are taken as last edited; presentation slots are not topics.
/// </summary>
public static class TopicExcerpts
{
    public static IReadOnlyList<TopicExcerpt> Of(IEnumerable<StoredEvent> events)
    {
        var topics = new List<(string Id, string? Prompt)>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var messages = new List<(long Seq, string ItemId, string Name, string Markdown)>();
        var gone = new HashSet<long>();
        var edits = new Dictionary<long, string>();
        string? current = null;
        foreach (var stored in events)
        {
            var seq = stored.Seq;
            switch (stored.Event)
            {
                case AgendaItemAdded { Kind: AgendaItemKind.Topic } added:
                    topics.Add((added.ItemId, added.Markdown));
                    break;
                case AgendaItemRemoved removed:
                    topics.RemoveAll(t => t.Id == removed.ItemId);
                    break;
                case AgendaAdvanced advanced:
                    current = advanced.ItemId;
                    if (advanced.ItemId is { } id && advanced.Title is { } title)
                    {
                        labels[id] = title;
                    }
                    break;
                case RoundtableEnded:
                    current = null;
                    break;
                case MessagePosted posted when current is not null:
                    messages.Add((seq, current, posted.DisplayName, posted.Markdown));
                    break;
                case MessageEdited edited:
                    edits[edited.MessageSeq] = edited.Markdown;
                    break;
                case MessageDeleted deleted:
                    gone.Add(deleted.MessageSeq);
                    break;
                case MessageHidden hidden:
                    gone.Add(hidden.MessageSeq);
                    break;
            }
        }
        return
        [
            .. topics.Select(t => new TopicExcerpt(
                t.Id,
                labels.GetValueOrDefault(t.Id) ?? FirstLine(t.Prompt) ?? "Topic",
                t.Prompt,
                [.. messages.Where(m => m.ItemId == t.Id && !gone.Contains(m.Seq)).Select(m => (m.Name, edits.GetValueOrDefault(m.Seq) ?? m.Markdown))])),
        ];
    }

    private static string? FirstLine(string? markdown) =>
        markdown?.Split('\n').Select(l => l.Trim().TrimStart('#', ' ')).FirstOrDefault(l => l.Length > 0) is { } line
            ? (line.Length > 80 ? line[..80] + "…" : line)
            : null;
}
