using Roundtable.Core.Log;
using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

public static partial class TranscriptRenderer
{
    // Upvotes, pins and dismissals are left out; a question dismissed for this reader comes without text and is left out too.
    private static string? DescribeQuestions(StoredEvent stored) => stored.Event switch
    {
        QuestionAsked { Markdown.Length: 0 } => null,
        QuestionAsked { DisplayName: null } e => $"Question {stored.Seq}, asked anonymously: {Flatten(e.Markdown)}",
        QuestionAsked e => $"Question {stored.Seq}, asked by {e.DisplayName}{(e.Anonymous ? " (anonymous to peers)" : "")}: {Flatten(e.Markdown)}",
        QuestionAnswered e => $"Question {e.QuestionId} was marked answered",
        _ => null,
    };

    private static string Flatten(string markdown) => string.Join(' ', markdown.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
