using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

internal sealed class QuestionsTranscript : ITranscriptPart
{
    // Upvotes, pins and dismissals are left out; a question dismissed for this reader comes without text and is left out too.
    public string? Describe(StoredEvent stored) => stored.Event switch
    {
        QuestionAsked { Markdown.Length: 0 } => null,
        QuestionAsked { DisplayName: null } e => $"Question {stored.Seq}, asked anonymously: {TranscriptRenderer.Flatten(e.Markdown)}",
        QuestionAsked e => $"Question {stored.Seq}, asked by {e.DisplayName}{(e.Anonymous ? " (anonymous to peers)" : "")}: {TranscriptRenderer.Flatten(e.Markdown)}",
        QuestionAnswered e => $"Question {e.QuestionId} was marked answered",
        _ => null,
    };
}
