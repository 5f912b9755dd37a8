using System.Globalization;
using System.Text;

namespace Roundtable.Core.Rooms;

/// <summary>
/// The word-frequency view of open-text answers: words case-folded, common English stop words and one-letter words
/// dropped, each word counted once per answer (so one answer repeating a word does not outweigh the room), most used
/// first, ties alphabetically.
/// </summary>
public static class PollWords
{
    private static readonly HashSet<string> StopWords = new(
        """
        a about above after again against all am an and any are as at be because been before being below between both
        but by can could did do does doing don't down during each few for from further had has have having he her here
        hers herself him himself his how i i'm if in into is isn't it it's its itself just let's me more most my myself
        no nor not now of off on once only or other our ours ourselves out over own same she should so some such than
        that that's the their theirs them themselves then there these they this those through to too under until up
        very was we were what when where which while who whom why will with would you your yours yourself yourselves
        also get got really much many one
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    public static IReadOnlyList<WordCount> Top(IEnumerable<string> answers, int max)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            foreach (var word in Words(answer).Distinct(StringComparer.Ordinal))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return [.. counts
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(max)
            .Select(c => new WordCount(c.Key, c.Value))];
    }

    /// <summary>The words of one answer, case-folded, without stop words: letters and digits, with apostrophes and hyphens inside a word kept ("don't", "check-in").</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC) + " ")
        {
            if (char.IsLetterOrDigit(c) || (c is '\'' or '’' or '-' && word.Length > 0))
            {
                word.Append(c == '’' ? '\'' : char.ToLower(c, CultureInfo.InvariantCulture));
                continue;
            }
            var candidate = word.ToString().TrimEnd('\'', '-');
            word.Clear();
            if (candidate.Length > 1 && !StopWords.Contains(candidate))
            {
                yield return candidate;
            }
        }
    }
}
