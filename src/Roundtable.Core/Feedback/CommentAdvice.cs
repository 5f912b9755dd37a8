using System.Text.RegularExpressions;

namespace Roundtable.Core.Feedback;

/// <summary>Why a comment was found too vague to help.</summary>
public enum VagueReason
{
    /// <summary>Fewer than <see cref="CommentAdvice.MinWords"/> words.</summary>
    TooShort,

    /// <summary>Nothing but stock praise or criticism ("good job", "could be better").</summary>
    StockPhrasesOnly,

    /// <summary>Names no criterion of the rubric and no moment or part of the presentation.</summary>
    NothingSpecific,
}

/// <summary>A text a writer may start their comment with, and the button's label.</summary>
/// <param name="PromptId">The prompt this starter is (null for a criterion's): its own answer box does not offer it.</param>
public sealed record CommentStarter(string Label, string Text, string? PromptId = null);

/// <summary>What the rules found: whether the comment is too vague (and why), and the polite words that say so.</summary>
public sealed record CommentVerdict(bool TooVague, IReadOnlyList<VagueReason> Reasons, string? Hint);

/// <summary>
/// The words of one language the rules look for: stock phrases that say nothing about this presentation, filler that
/// carries no content around them, and the parts of a presentation a comment can point at.
/// </summary>
public sealed record CommentLanguage(
    IReadOnlyList<string> StockPhrases, IReadOnlySet<string> Fillers, IReadOnlySet<string> PresentationParts, Regex Moment);

/// <summary>
/// Whether a feedback comment is specific enough to help, by deterministic rules (no model, no network), the same for
/// live and asynchronous feedback: a comment is too vague when it is short, is only stock phrases, or names neither a
/// criterion of the rubric nor a moment or part of the presentation (a slide, the opening, "when you…", a quoted
/// phrase, a time). It only advises: nothing is ever refused for being vague. Measured on a labelled set of comments
/// in the tests (docs/ARCHITECTURE.md, "Comment advice").
/// </summary>
public static partial class CommentAdvice
{
    /// <summary>Below this many words a comment is too short to say what and where.</summary>
    public const int MinWords = 5;

    public const string DefaultLanguage = "en";

    private static readonly Dictionary<string, CommentLanguage> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultLanguage] = CommentLanguages.English,
    };

    /// <summary>The verdict on <paramref name="comment"/> against <paramref name="rubric"/>; a blank comment is not judged.</summary>
    public static CommentVerdict Check(string? comment, Rubric rubric, string? language = null)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return new CommentVerdict(false, [], null);
        }
        var words = LanguageOf(language);
        var text = Normalise(comment);
        var tokens = Words(text);
        var reasons = new List<VagueReason>();
        if (tokens.Count < MinWords)
        {
            reasons.Add(VagueReason.TooShort);
        }
        if (OnlyStock(text, words))
        {
            reasons.Add(VagueReason.StockPhrasesOnly);
        }
        if (!NamesCriterion(tokens, rubric) && !NamesMoment(comment, text, tokens, words))
        {
            reasons.Add(VagueReason.NothingSpecific);
        }
        return reasons.Count == 0 ? new CommentVerdict(false, [], null) : new CommentVerdict(true, reasons, HintFor(reasons));
    }

    /// <summary>
    /// The starters a writer is offered: each criterion with what its top level says ("what good looks like"), and
    /// each of the rubric's prompts.
    /// </summary>
    public static IReadOnlyList<CommentStarter> Starters(Rubric rubric) =>
    [
        .. rubric.Criteria.Select(c => c.Levels.Count > 0
            ? new CommentStarter($"{c.Name}: {c.Levels[^1]}", $"{c.Name} (towards “{c.Levels[^1]}”): when you ")
            : new CommentStarter(c.Name, $"{c.Name}: when you ")),
        .. rubric.Prompts.Select(p => new CommentStarter(p.Text, $"{p.Text.TrimEnd()} ", p.Id)),
    ];

    private static CommentLanguage LanguageOf(string? language) =>
        language is not null && Languages.TryGetValue(language, out var found) ? found : Languages[DefaultLanguage];

    private static string HintFor(List<VagueReason> reasons)
    {
        var why = reasons.Contains(VagueReason.StockPhrasesOnly) ? "This could be said of any presentation."
            : reasons.Contains(VagueReason.NothingSpecific) ? "This does not yet say which part of the presentation it means."
            : "This is quite short.";
        return $"{why} The presenter can act on it more easily if you name a criterion or a moment (a slide, the opening, "
            + "something they said) and what worked or could change there. A starter below may help; you can also send it as it is.";
    }

    /// <summary>Lower case, typographic apostrophes made plain (punctuation and Markdown marks fall between words).</summary>
    private static string Normalise(string comment) =>
        comment.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'');

    private static List<string> Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value.Trim('\''))];

    /// <summary>True when removing every stock phrase and every filler word leaves nothing.</summary>
    private static bool OnlyStock(string text, CommentLanguage words)
    {
        var rest = " " + string.Join(' ', Words(text)) + " ";
        foreach (var phrase in words.StockPhrases)
        {
            rest = rest.Replace(" " + phrase + " ", " ", StringComparison.Ordinal);
        }
        return Words(rest).All(w => words.Fillers.Contains(w));
    }

    /// <summary>
    /// A criterion is named when a word of its name (of four letters or more) appears, or a word sharing its first five
    /// letters ("structure" and "structured").
    /// </summary>
    private static bool NamesCriterion(List<string> tokens, Rubric rubric) =>
        rubric.Criteria.SelectMany(c => Words(Normalise(c.Name))).Where(w => w.Length >= 4 && !GenericCriterionWords.Contains(w))
            .Any(name => tokens.Any(t => t == name || (name.Length >= 5 && t.Length >= 5 && t[..5] == name[..5])));

    private static readonly HashSet<string> GenericCriterionWords = new(StringComparer.Ordinal) { "overall", "with", "and", "the", "quality", "use" };

    private static bool NamesMoment(string original, string text, List<string> tokens, CommentLanguage words) =>
        QuotePattern().IsMatch(original) || TimePattern().IsMatch(text) || words.Moment.IsMatch(text)
        || tokens.Any(words.PresentationParts.Contains);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'&]*")]
    private static partial Regex WordPattern();

    /// <summary>
    /// A quoted phrase of at least two words: what the presenter said or showed. A quote mark opens only where no letter
    /// comes before it and closes only where none follows, so the apostrophes of "didn't … wasn't" quote nothing.
    /// </summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}])[""“«„‘']\s*[^""“”«»„\s]+(\s+[^""“”«»„]+?)+\s*[""”»“’'](?![\p{L}\p{N}])")]
    private static partial Regex QuotePattern();

    /// <summary>A time in the presentation, "3:40" (the words for "minute 4" are each language's).</summary>
    [GeneratedRegex(@"\b\d{1,2}:\d{2}\b")]
    private static partial Regex TimePattern();
}
