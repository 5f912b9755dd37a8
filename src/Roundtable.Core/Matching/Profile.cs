namespace Roundtable.Core.Matching;

/// <summary>
/// A skill someone offers or wants to develop, with a level from 1 (beginner) to 4 (expert). On an offer the level is
/// how well they know it; on a want it is where they stand now. Names compare case-insensitively.
/// </summary>
public sealed record SkillTag(string Name, int Level);

public enum DayPart
{
    Morning,
    Afternoon,
}

/// <summary>A part of a weekday someone is free to meet.</summary>
public sealed record AvailabilitySlot(DayOfWeek Day, DayPart Part);

/// <summary>
/// One version of a person's profile: what they can offer, what they want to develop, their goals (Markdown), when
/// they are free and how many mentees they can take (0: not a mentor).
/// </summary>
public sealed record Profile(
    string UserId,
    IReadOnlyList<SkillTag> Offers,
    IReadOnlyList<SkillTag> Wants,
    string GoalsMarkdown,
    IReadOnlyList<AvailabilitySlot> Availability,
    int MentorCapacity)
{
    public static Profile Empty(string userId) => new(userId, [], [], "", [], 0);

    public SkillTag? Offer(string skill) => Offers.FirstOrDefault(o => SkillNames.Same(o.Name, skill));
}

/// <summary>A profile as a person wrote it, before validation.</summary>
public sealed record ProfileDraft(
    IReadOnlyList<SkillTagDraft?>? Offers,
    IReadOnlyList<SkillTagDraft?>? Wants,
    string? GoalsMarkdown,
    IReadOnlyList<AvailabilitySlot?>? Availability,
    int? MentorCapacity);

public sealed record SkillTagDraft(string? Name, int? Level);

public static class ProfileLimits
{
    public const int MaxTags = 15;
    public const int MaxTagLength = 40;
    public const int MinLevel = 1;
    public const int MaxLevel = 4;
    public const int MaxGoalsBytes = 4096;
    public const int MaxCapacity = 10;
}

public static class SkillNames
{
    private static readonly string[] LevelNames = ["beginner", "intermediate", "advanced", "expert"];

    public static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Trims and collapses inner whitespace: "  public   speaking " is "public speaking".</summary>
    public static string Normalise(string name) => string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static string Level(int level) => level >= 1 && level <= LevelNames.Length ? LevelNames[level - 1] : level.ToString();
}

/// <summary>Turns a draft into a profile, or says what is wrong with each field (field path → message). Pure.</summary>
public static class ProfileRules
{
    public static (Profile? Profile, IReadOnlyDictionary<string, string[]> Errors) Validate(ProfileDraft draft, string userId)
    {
        var errors = new Dictionary<string, string[]>();
        var offers = Tags(draft.Offers, "offers", "offer", errors);
        var wants = Tags(draft.Wants, "wants", "want", errors);

        var goals = draft.GoalsMarkdown ?? "";
        if (System.Text.Encoding.UTF8.GetByteCount(goals) > ProfileLimits.MaxGoalsBytes)
        {
            errors["goalsMarkdown"] = [$"Goals are at most {ProfileLimits.MaxGoalsBytes / 1024} KB of text."];
        }

        var capacity = draft.MentorCapacity ?? 0;
        if (capacity < 0 || capacity > ProfileLimits.MaxCapacity)
        {
            errors["mentorCapacity"] = [$"Mentees you can take is a whole number from 0 to {ProfileLimits.MaxCapacity}."];
        }

        var slots = new List<AvailabilitySlot>();
        foreach (var slot in draft.Availability ?? [])
        {
            if (slot is null || !Enum.IsDefined(slot.Day) || !Enum.IsDefined(slot.Part))
            {
                errors["availability"] = ["Each free slot is a day of the week and a morning or an afternoon."];
                break;
            }
            if (!slots.Contains(slot))
            {
                slots.Add(slot);
            }
        }
        slots.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Part.CompareTo(b.Part));

        return errors.Count > 0
            ? (null, errors)
            : (new Profile(userId, offers, wants, goals, slots, capacity), errors);
    }

    private static List<SkillTag> Tags(IReadOnlyList<SkillTagDraft?>? drafts, string field, string noun, Dictionary<string, string[]> errors)
    {
        var tags = new List<SkillTag>();
        drafts ??= [];
        if (drafts.Count > ProfileLimits.MaxTags)
        {
            errors[field] = [$"List at most {ProfileLimits.MaxTags} skills you {noun}."];
            return tags;
        }
        var seen = new List<string>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var name = SkillNames.Normalise(drafts[i]?.Name ?? "");
            var level = drafts[i]?.Level;
            if (name.Length == 0)
            {
                errors[$"{field}[{i}].name"] = ["Name the skill."];
            }
            else if (name.Length > ProfileLimits.MaxTagLength)
            {
                errors[$"{field}[{i}].name"] = [$"A skill name is at most {ProfileLimits.MaxTagLength} characters."];
            }
            else if (seen.Any(n => SkillNames.Same(n, name)))
            {
                errors[$"{field}[{i}].name"] = [$"\"{name}\" is already in the list."];
            }
            seen.Add(name);
            if (level is null || level < ProfileLimits.MinLevel || level > ProfileLimits.MaxLevel)
            {
                errors[$"{field}[{i}].level"] = [$"Choose a level from {ProfileLimits.MinLevel} (beginner) to {ProfileLimits.MaxLevel} (expert)."];
            }
            if (!errors.ContainsKey($"{field}[{i}].name") && !errors.ContainsKey($"{field}[{i}].level"))
            {
                tags.Add(new SkillTag(name, level!.Value));
            }
        }
        return tags;
    }
}
