using Roundtable.Core.Rooms;

namespace Roundtable.Core.Feedback;

/// <summary>What a piece of feedback was found to be: its scores and answers, normalised, or why it cannot be saved.</summary>
/// <param name="TooLarge">The refusal is about size (an answer over <see cref="FeedbackLimits.MaxAnswerBytes"/>).</param>
public sealed record CheckedFeedback(IReadOnlyDictionary<string, int>? Scores, IReadOnlyList<FeedbackAnswer>? Answers, string? Refusal, bool TooLarge = false)
{
    public bool IsValid => Refusal is null;
}

/// <summary>
/// The one set of rules for a piece of rubric feedback, live in a room or given asynchronously: every criterion scored
/// once within its scale, answers only to the rubric's prompts, each within its size, rendered once; blank answers
/// dropped and the rest in the rubric's order, so a revision that says the same compares equal.
/// </summary>
public static class FeedbackRules
{
    public static CheckedFeedback Check(Rubric rubric, IReadOnlyDictionary<string, int>? scores, IReadOnlyDictionary<string, string>? answers, Func<string, string> render)
    {
        scores ??= new Dictionary<string, int>();
        foreach (var id in scores.Keys)
        {
            if (rubric.FindCriterion(id) is null)
            {
                return Refused($"This rubric has no criterion '{Shorten(id)}'.");
            }
        }
        foreach (var criterion in rubric.Criteria)
        {
            if (!scores.TryGetValue(criterion.Id, out var score))
            {
                return Refused($"Score {criterion.Name} before sending.");
            }
            if (score < 1 || score > criterion.MaxScore)
            {
                return Refused($"{criterion.Name} is scored from 1 to {criterion.MaxScore}; {score} is outside that.");
            }
        }
        var checkedAnswers = new List<FeedbackAnswer>();
        foreach (var (promptId, text) in answers ?? new Dictionary<string, string>())
        {
            if (rubric.FindPrompt(promptId) is null)
            {
                return Refused($"This rubric has no prompt '{Shorten(promptId)}'.");
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
            if (bytes > FeedbackLimits.MaxAnswerBytes)
            {
                return new CheckedFeedback(null, null,
                    $"An answer is {bytes / 1024.0:0.#} KB; the limit is {FeedbackLimits.MaxAnswerBytes / 1024} KB. Nothing was saved.", TooLarge: true);
            }
            checkedAnswers.Add(new FeedbackAnswer(promptId, text, render(text)));
        }
        checkedAnswers.Sort((a, b) => IndexOfPrompt(rubric, a.PromptId).CompareTo(IndexOfPrompt(rubric, b.PromptId)));
        return new CheckedFeedback(rubric.Criteria.ToDictionary(c => c.Id, c => scores[c.Id]), checkedAnswers, null);
    }

    /// <summary>True when a revision says exactly what the earlier version said (nothing to save).</summary>
    public static bool Same(IReadOnlyDictionary<string, int> earlierScores, IReadOnlyList<FeedbackAnswer> earlierAnswers,
        IReadOnlyDictionary<string, int> scores, IReadOnlyList<FeedbackAnswer> answers) =>
        earlierScores.Count == scores.Count && earlierScores.All(pair => scores.TryGetValue(pair.Key, out var v) && v == pair.Value)
        && earlierAnswers.Select(a => (a.PromptId, a.Markdown)).SequenceEqual(answers.Select(a => (a.PromptId, a.Markdown)));

    private static CheckedFeedback Refused(string refusal) => new(null, null, refusal);

    private static int IndexOfPrompt(Rubric rubric, string promptId)
    {
        for (var i = 0; i < rubric.Prompts.Count; i++)
        {
            if (rubric.Prompts[i].Id == promptId)
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
