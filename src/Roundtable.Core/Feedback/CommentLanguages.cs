using System.Text.RegularExpressions;

namespace Roundtable.Core.Feedback;

/// <summary>
/// The word lists of <see cref="CommentAdvice"/>, one <see cref="CommentLanguage"/> per language. Stock phrases are
/// matched as whole words, longest first; everything is lower case.
/// </summary>
public static partial class CommentLanguages
{
    public static CommentLanguage English { get; } = new(
        StockPhrases: LongestFirst(
            "good job", "great job", "nice job", "good work", "great work", "nice work", "well done", "good effort",
            "keep it up", "keep up the good work", "keep going", "loved it", "love it", "liked it", "i liked it",
            "i loved it", "i enjoyed it", "enjoyed it", "good presentation", "great presentation", "nice presentation",
            "good talk", "great talk", "nice talk", "well presented", "very informative", "informative", "interesting",
            "could be better", "could be improved", "needs improvement", "needs work", "needs more work", "room for improvement",
            "not bad", "not great", "more practice", "practice more", "be more confident", "more confidence",
            "thank you", "thanks", "no comments", "no comment", "nothing to add", "nothing to say", "n a", "none",
            "good", "great", "nice", "awesome", "amazing", "excellent", "cool", "perfect", "fine", "ok", "okay",
            "super", "brilliant", "fantastic", "wonderful", "solid", "boring", "bad", "meh", "lovely", "impressive",
            "too long", "too short", "a bit long", "a bit short", "good stuff", "great stuff", "all good", "spot on",
            "a bit confusing", "confusing", "unclear", "clear", "helpful", "useful", "engaging", "well", "better",
            "improve", "improvement", "improved", "work on it", "overall", "presentation", "talk", "job", "it"),
        Fillers: Set(
            "a", "an", "the", "it", "this", "that", "was", "is", "were", "be", "been", "really", "very", "so", "quite",
            "pretty", "just", "all", "in", "general", "i", "think", "thought", "felt", "feel", "you", "your", "yours",
            "and", "but", "too", "also", "overall", "some", "bit", "little", "more", "much", "lot", "of", "for",
            "sharing", "could", "can", "maybe", "perhaps", "definitely", "totally", "well", "on", "to", "me", "my",
            "we", "us", "our", "everything", "things", "thing", "stuff", "there", "here", "done", "again", "as",
            "usual", "always", "mate", "guys", "👍", "lol", "yes", "yeah", "hmm", "still", "bit", "kind", "sort",
            "would", "should", "have", "has", "had", "did", "do", "made", "make", "way", "super", "nicely", "great",
            "good", "nice"),
        PresentationParts: Set(
            "slide", "slides", "opening", "intro", "introduction", "beginning", "start", "ending", "conclusion",
            "closing", "summary", "recap", "demo", "demonstration", "chart", "charts", "graph", "graphs", "diagram",
            "diagrams", "table", "tables", "example", "examples", "story", "stories", "anecdote", "analogy",
            "metaphor", "question", "questions", "q&a", "data", "numbers", "figures", "statistic", "statistics",
            "video", "picture", "pictures", "image", "images", "photo", "title", "agenda", "transition",
            "transitions", "quote", "handout", "poll", "exercise", "timeline", "case", "pause", "pauses", "pace",
            "pacing", "voice", "volume", "tone", "eye", "gestures", "font", "fonts", "colours", "colors", "bullet",
            "bullets", "section", "sections", "middle", "structure", "outline", "jargon", "acronym", "acronyms", "screenshot", "map", "handouts", "notes", "script", "joke",
            "call-to-action", "takeaway", "takeaways", "section", "heading", "headings", "sentence", "phrase", "argument", "arguments", "budget", "proposal", "plan", "steps",
            "step", "problem", "solution", "results", "cost", "costs", "customer", "customers", "team", "goal", "goals"),
        Moment: EnglishMoment());

    /// <summary>"when you…", "you said", "slide 3", "minute 4", "the second half" and the like.</summary>
    [GeneratedRegex(@"\b(when|where|after|before|while|how|the\s+way)\s+you\b|\byou\s+(said|say|showed|show|used|use|asked|ask|mentioned|explained|compared|described|paused|walked|went|started|opened|ended|closed|moved|spent|skipped|rushed|read|told|gave|pointed|answered|framed|introduced|summarised|summarized|repeated|put|listed|linked|tied|brought|included|left|looked|spoke|stood|switched|turned|jumped|covered)\b|\b(slide|page|step|point|part|minute|section|chart|figure)\s*#?\d+|\b\d+\s+minutes?\s+in\b|\b(first|second|third|last|final|next|other)\s+(half|slide|part|point|section|example|question|minute|minutes|story|chart|step)\b|\bat\s+the\s+(start|end|beginning)\b")]
    private static partial Regex EnglishMoment();

    private static IReadOnlyList<string> LongestFirst(params string[] phrases) =>
        [.. phrases.Distinct().OrderByDescending(p => p.Split(' ').Length).ThenByDescending(p => p.Length)];

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}
