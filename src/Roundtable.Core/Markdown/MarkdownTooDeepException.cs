namespace Roundtable.Core.Markdown;

/// <summary>
/// User Markdown nested deeper than <see cref="MarkdownRenderer.MaxNestingDepth"/> levels: refused before anything is
/// stored. The REST APIs answer it as a 400 problem, the room hub as a named refusal; the message says what to change.
/// </summary>
public sealed class MarkdownTooDeepException(Exception? inner = null)
    : Exception(
        $"This text is nested too deeply: quotes, lists, emphasis and links may nest at most {MarkdownRenderer.MaxNestingDepth} levels. Flatten it and try again. Nothing was saved.",
        inner);
