using System.Text;

namespace Roundtable.Core.Feedback;

/// <summary>
/// One thing a presentation is rated on. The scale runs from 1 to <c>Levels.Count</c>; <see cref="Levels"/>[i] says
/// what a score of i + 1 means. <see cref="Id"/> stays the same across versions of the rubric, so a criterion's scores
/// can be followed over time.
/// </summary>
public sealed record RubricCriterion(string Id, string Name, string Description, IReadOnlyList<string> Levels, double Weight)
{
    public int MaxScore => Levels.Count;
}

/// <summary>An open question answered in words, e.g. "What worked?".</summary>
public sealed record RubricPrompt(string Id, string Text);

/// <summary>
/// A rubric as it was at one version. Versions never change once saved: editing saves the next version, and
/// feedback keeps the version it was given against (a feedback window carries a copy of the whole rubric).
/// </summary>
public sealed record Rubric(
    string RubricId,
    int Version,
    string ProgramId,
    string Name,
    string Description,
    IReadOnlyList<RubricCriterion> Criteria,
    IReadOnlyList<RubricPrompt> Prompts)
{
    public RubricCriterion? FindCriterion(string id) => Criteria.FirstOrDefault(c => c.Id == id);

    public RubricPrompt? FindPrompt(string id) => Prompts.FirstOrDefault(p => p.Id == id);
}

/// <summary>A rubric as a person wrote it, before validation: ids may be missing (new criteria and prompts).</summary>
public sealed record RubricDraft(string? Name, string? Description, IReadOnlyList<CriterionDraft?>? Criteria, IReadOnlyList<PromptDraft?>? Prompts);

public sealed record CriterionDraft(string? Id, string? Name, string? Description, IReadOnlyList<string?>? Levels, double? Weight);

public sealed record PromptDraft(string? Id, string? Text);

public static class RubricLimits
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 1000;
    public const int MinCriteria = 1;
    public const int MaxCriteria = 12;
    public const int MinLevels = 2;
    public const int MaxLevels = 10;
    public const int MaxLevelLength = 300;
    public const double MaxWeight = 10;
    public const int MaxPrompts = 5;
    public const int MaxPromptLength = 300;
    public const int MaxIdLength = 40;
}

/// <summary>
/// Turns a draft into a rubric version, or says everything that is wrong with it (field path → message), so a form
/// can show each error beside its field. Pure.
/// </summary>
public static class RubricRules
{
    public static (Rubric? Rubric, IReadOnlyDictionary<string, string[]> Errors) Validate(
        RubricDraft draft, string rubricId, int version, string programId)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            Error("name", "Give the rubric a name.");
        }
        else if (name.Length > RubricLimits.MaxNameLength)
        {
            Error("name", $"A rubric name is at most {RubricLimits.MaxNameLength} characters.");
        }
        var description = draft.Description?.Trim() ?? "";
        if (description.Length > RubricLimits.MaxDescriptionLength)
        {
            Error("description", $"A description is at most {RubricLimits.MaxDescriptionLength} characters.");
        }

        var criteria = new List<RubricCriterion>();
        var criterionDrafts = draft.Criteria ?? [];
        if (criterionDrafts.Count is < RubricLimits.MinCriteria or > RubricLimits.MaxCriteria)
        {
            Error("criteria", $"A rubric has {RubricLimits.MinCriteria} to {RubricLimits.MaxCriteria} criteria.");
        }
        var criterionIds = AssignIds(criterionDrafts.Take(RubricLimits.MaxCriteria).Select(c => (c?.Id, c?.Name)).ToList(), "criterion");
        for (var i = 0; i < criterionIds.Length; i++)
        {
            var field = $"criteria[{i}]";
            if (criterionDrafts[i] is not { } c)
            {
                Error(field, "This criterion is empty.");
                continue;
            }
            var cName = c.Name?.Trim() ?? "";
            if (cName.Length is 0 or > RubricLimits.MaxNameLength)
            {
                Error($"{field}.name", $"Name each criterion (at most {RubricLimits.MaxNameLength} characters).");
            }
            var cDescription = c.Description?.Trim() ?? "";
            if (cDescription.Length > RubricLimits.MaxDescriptionLength)
            {
                Error($"{field}.description", $"A description is at most {RubricLimits.MaxDescriptionLength} characters.");
            }
            var levels = (c.Levels ?? []).Select(l => l?.Trim() ?? "").ToList();
            if (levels.Count is < RubricLimits.MinLevels or > RubricLimits.MaxLevels)
            {
                Error($"{field}.levels", $"A scale has {RubricLimits.MinLevels} to {RubricLimits.MaxLevels} levels.");
            }
            else if (levels.Any(l => l.Length == 0))
            {
                Error($"{field}.levels", "Say what every level of the scale means.");
            }
            else if (levels.Any(l => l.Length > RubricLimits.MaxLevelLength))
            {
                Error($"{field}.levels", $"A level's descriptor is at most {RubricLimits.MaxLevelLength} characters.");
            }
            var weight = c.Weight ?? 1;
            if (double.IsNaN(weight) || weight <= 0 || weight > RubricLimits.MaxWeight)
            {
                Error($"{field}.weight", $"A weight is more than 0 and at most {RubricLimits.MaxWeight}.");
            }
            if (criterionIds[i] is not { } id)
            {
                Error($"{field}.id", "Two criteria have the same id.");
                continue;
            }
            criteria.Add(new RubricCriterion(id, cName, cDescription, levels, weight));
        }

        var prompts = new List<RubricPrompt>();
        var promptDrafts = draft.Prompts ?? [];
        if (promptDrafts.Count > RubricLimits.MaxPrompts)
        {
            Error("prompts", $"A rubric has at most {RubricLimits.MaxPrompts} open prompts.");
        }
        var promptIds = AssignIds(promptDrafts.Take(RubricLimits.MaxPrompts).Select(p => (p?.Id, p?.Text)).ToList(), "prompt");
        for (var i = 0; i < promptIds.Length; i++)
        {
            var field = $"prompts[{i}]";
            var text = promptDrafts[i]?.Text?.Trim() ?? "";
            if (text.Length is 0 or > RubricLimits.MaxPromptLength)
            {
                Error($"{field}.text", $"Write each prompt (at most {RubricLimits.MaxPromptLength} characters), or remove it.");
                continue;
            }
            if (promptIds[i] is not { } id)
            {
                Error($"{field}.id", "Two prompts have the same id.");
                continue;
            }
            prompts.Add(new RubricPrompt(id, text));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Rubric(rubricId, version, programId, name, description, criteria, prompts), errors);
    }

    /// <summary>
    /// An id for each item: the given one (as a slug, so an id the server handed out comes back unchanged) when there
    /// is one, else a new one made from the item's name. Given ids are placed first, so a new criterion never takes
    /// the id an existing one keeps. Null where a given id repeats an earlier one.
    /// </summary>
    private static string?[] AssignIds(IReadOnlyList<(string? Given, string? Name)> items, string fallback)
    {
        var ids = new string?[items.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(items[i].Given))
            {
                var id = Slug(items[i].Given!, fallback);
                ids[i] = used.Add(id) ? id : null;
            }
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i].Given))
            {
                var stem = Slug(items[i].Name ?? "", fallback);
                var candidate = stem;
                for (var n = 2; !used.Add(candidate); n++)
                {
                    var suffix = $"-{n}";
                    candidate = stem[..Math.Min(stem.Length, RubricLimits.MaxIdLength - suffix.Length)].TrimEnd('-') + suffix;
                }
                ids[i] = candidate;
            }
        }
        return ids;
    }

    /// <summary>Lower-case letters, digits and single hyphens, at most <see cref="RubricLimits.MaxIdLength"/> long.</summary>
    public static string Slug(string text, string fallback)
    {
        var slug = new StringBuilder();
        foreach (var ch in text.Trim().ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(ch);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
            if (slug.Length >= RubricLimits.MaxIdLength)
            {
                break;
            }
        }
        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? fallback : result;
    }
}
