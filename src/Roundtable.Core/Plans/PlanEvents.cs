using Roundtable.Core.Events;

namespace Roundtable.Core.Plans;

/// <summary>
/// A coach sets a planning exercise for some of a cohort's learners (the whole cohort as it stood, or those chosen),
/// optionally following one roundtable. Lives on the cohort's exercise stream (<see cref="Log.StreamNames.PlanExercises"/>).
/// </summary>
public sealed record PlanExerciseAssigned(
    string ExerciseId,
    string CohortId,
    string? RoundtableId,
    string Title,
    string PromptMarkdown,
    string PromptHtml,
    DateTimeOffset DueAt,
    IReadOnlyList<string> LearnerIds,
    string AssignedBy) : DomainEvent;

/// <summary>
/// The events of one learner's work on one exercise, on its own stream (<see cref="Log.StreamNames.Plan"/>): the stream's
/// seq is the work's version, so two saves from the same base cannot both land.
/// </summary>
public abstract record PlanWorkEvent(string ExerciseId, string LearnerId) : DomainEvent;

/// <summary>A version of the plan, whole. <paramref name="ManagerId"/> is whom the learner reported to then (notified).</summary>
public sealed record PlanWritten(string ExerciseId, string LearnerId, string Markdown, string Html, string? ManagerId) : PlanWorkEvent(ExerciseId, LearnerId);

/// <summary>A version of how the encounter went, whole. <paramref name="ManagerId"/> as for <see cref="PlanWritten"/>.</summary>
public sealed record PlanReflectionWritten(string ExerciseId, string LearnerId, string Markdown, string Html, string? ManagerId) : PlanWorkEvent(ExerciseId, LearnerId);

/// <summary>
/// The learner's reviewer responds: their manager, or a coach of the cohort when they have none (<paramref name="ManagerId"/>
/// is whoever gave it). With <paramref name="RevisionRequested"/> the learner is asked to revise.
/// </summary>
public sealed record PlanFeedbackGiven(string ExerciseId, string LearnerId, string ManagerId, string Markdown, string Html, bool RevisionRequested)
    : PlanWorkEvent(ExerciseId, LearnerId);

/// <summary>A person marked one of their notifications read (on their own stream, <see cref="Log.StreamNames.Inbox"/>).</summary>
public sealed record NotificationRead(string UserId, string NotificationId) : DomainEvent;
