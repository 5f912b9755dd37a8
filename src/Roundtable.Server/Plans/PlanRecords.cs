using Roundtable.Core.Log;
using Roundtable.Core.Plans;

namespace Roundtable.Server.Storage;

/// <summary>A planning exercise as assigned. Id: the exercise's.</summary>
public sealed class PlanExerciseRecord
{
    public string Id { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string? RoundtableId { get; set; }
    public string Title { get; set; } = "";
    public string PromptMarkdown { get; set; } = "";
    public string PromptHtml { get; set; } = "";
    public DateTime DueAt { get; set; }
    public List<string> LearnerIds { get; set; } = [];
    public string AssignedBy { get; set; } = "";
    public DateTime AssignedAt { get; set; }
}

/// <summary>One learner's work on one exercise, as far as its status goes. Id: "{ExerciseId}:{LearnerId}".</summary>
public sealed class PlanRecord
{
    public string Id { get; set; } = "";
    public string ExerciseId { get; set; } = "";
    public string CohortId { get; set; } = "";
    public string LearnerId { get; set; } = "";
    public PlanProgress Progress { get; set; } = new();
    public DateTime? UpdatedAt { get; set; }

    public static string KeyOf(string exerciseId, string learnerId) => $"{exerciseId}:{learnerId}";
}

/// <summary>Every version of a plan, a reflection or a manager's feedback, kept as saved. Id: "{PlanId}:{Version:D9}".</summary>
public sealed class PlanEntryRecord
{
    public string Id { get; set; } = "";
    public string PlanId { get; set; } = "";
    /// <summary>The seq on the work's stream.</summary>
    public long Version { get; set; }
    public PlanEntryKind Kind { get; set; }
    /// <summary>1, 2, 3, ... per kind: "plan, version 2".</summary>
    public int Number { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string ByUserId { get; set; } = "";
    public bool RevisionRequested { get; set; }
    public DateTime At { get; set; }

    public static string KeyOf(string planId, long version) => $"{planId}:{version:D9}";
}

public enum PlanEntryKind
{
    Plan,
    Reflection,
    Feedback,
}

/// <summary>Something for one person to look at, made from an event on the log. Id: "{Position}-{UserId}".</summary>
public sealed class NotificationRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>The global position of the event it came from (the live push sends what that event made).</summary>
    public long Position { get; set; }
    public string Kind { get; set; } = "";
    public string Text { get; set; } = "";
    public string Link { get; set; } = "";
    public DateTime At { get; set; }
    public bool Read { get; set; }

    public static string KeyOf(long position, string userId) => $"{position}-{userId}";

    /// <summary>
    /// The one way a projection notifies someone of an event: one notification per event and person, under the same
    /// id on every node (so the push and the email find it, and a replay writes it again unchanged).
    /// </summary>
    public static void Write(RoundtableDb db, StoredEvent stored, string userId, string kind, string text, string link) =>
        db.Notifications.Upsert(new NotificationRecord
        {
            Id = KeyOf(stored.Position, userId),
            UserId = userId,
            Position = stored.Position,
            Kind = kind,
            Text = text,
            Link = link,
            At = stored.At.UtcDateTime,
        });
}
