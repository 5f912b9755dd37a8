using Roundtable.Core.Events;

namespace Roundtable.Core.Plans;

/// <summary>Where a learner stands on one exercise, as the coach's status table says it.</summary>
public enum PlanStatus
{
    NotStarted,
    Planned,
    /// <summary>The reflection is written (the encounter happened), waiting for the manager.</summary>
    Done,
    Reviewed,
    RevisionRequested,
    /// <summary>The due date passed before a reflection was written.</summary>
    Overdue,
}

/// <summary>
/// The fold of one learner's work on one exercise, kept to what its status needs (the words of every version are kept
/// beside it). Mutable with a parameterless constructor so a read model can store it as it is.
/// </summary>
public sealed class PlanProgress
{
    /// <summary>The seq of the last event on the work's stream: what a client sends back as its base version.</summary>
    public long Version { get; set; }
    public int PlanVersions { get; set; }
    public int ReflectionVersions { get; set; }
    public int FeedbackCount { get; set; }
    /// <summary>The version of the learner's latest save (plan or reflection).</summary>
    public long LastLearnerVersion { get; set; }
    public long LastFeedbackVersion { get; set; }
    public bool LastFeedbackAskedForRevision { get; set; }

    public bool HasPlan => PlanVersions > 0;

    /// <summary>Done means the reflection is written: the plan was carried out and looked back on.</summary>
    public bool IsDone => ReflectionVersions > 0;

    /// <summary>Applies one event of the work's stream, at its seq; false for events of other kinds.</summary>
    public bool Apply(DomainEvent e, long version)
    {
        switch (e)
        {
            case PlanWritten:
                PlanVersions++;
                LastLearnerVersion = version;
                break;
            case PlanReflectionWritten:
                ReflectionVersions++;
                LastLearnerVersion = version;
                break;
            case PlanFeedbackGiven feedback:
                FeedbackCount++;
                LastFeedbackVersion = version;
                LastFeedbackAskedForRevision = feedback.RevisionRequested;
                break;
            default:
                return false;
        }
        Version = version;
        return true;
    }

    /// <summary>The number the next version of this kind of entry gets (1, 2, 3, ... per kind).</summary>
    public int CountOf(DomainEvent e) => e switch
    {
        PlanWritten => PlanVersions,
        PlanReflectionWritten => ReflectionVersions,
        PlanFeedbackGiven => FeedbackCount,
        _ => 0,
    };

    public PlanStatus StatusAt(DateTimeOffset dueAt, DateTimeOffset now)
    {
        var feedbackIsLatest = FeedbackCount > 0 && LastFeedbackVersion > LastLearnerVersion;
        if (feedbackIsLatest && LastFeedbackAskedForRevision)
        {
            return PlanStatus.RevisionRequested;
        }
        if (IsDone)
        {
            return feedbackIsLatest ? PlanStatus.Reviewed : PlanStatus.Done;
        }
        if (now > dueAt)
        {
            return PlanStatus.Overdue;
        }
        return HasPlan ? PlanStatus.Planned : PlanStatus.NotStarted;
    }
}

/// <summary>How much Markdown a planning exercise and its work may carry; the API refuses more with a clear message.</summary>
public static class PlanLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxPromptBytes = 8 * 1024;
    public const int MaxPlanBytes = 32 * 1024;
    public const int MaxReflectionBytes = 32 * 1024;
    public const int MaxFeedbackBytes = 8 * 1024;
    /// <summary>The furthest ahead a due date may be set.</summary>
    public static readonly TimeSpan MaxDueAhead = TimeSpan.FromDays(366);
}
