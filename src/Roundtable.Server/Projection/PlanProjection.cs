using System.Globalization;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>
/// Planning exercises into read models: the exercise, each learner's progress, every version of their work, and the
/// notifications each event makes (the learner hears of an assignment and of feedback; their reviewer of each save:
/// their manager, or the cohort's coaches when they have none).
/// </summary>
public static class PlanProjection
{
    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        switch (stored.Event)
        {
            case PlanExerciseAssigned e:
                db.PlanExercises.Upsert(new PlanExerciseRecord
                {
                    Id = e.ExerciseId,
                    CohortId = e.CohortId,
                    RoundtableId = e.RoundtableId,
                    Title = e.Title,
                    PromptMarkdown = e.PromptMarkdown,
                    PromptHtml = e.PromptHtml,
                    DueAt = e.DueAt.UtcDateTime,
                    LearnerIds = [.. e.LearnerIds],
                    AssignedBy = e.AssignedBy,
                    AssignedAt = at,
                });
                foreach (var learnerId in e.LearnerIds)
                {
                    db.Plans.Upsert(new PlanRecord { Id = PlanRecord.KeyOf(e.ExerciseId, learnerId), ExerciseId = e.ExerciseId, CohortId = e.CohortId, LearnerId = learnerId });
                    Notify(db, stored, learnerId, "exercise-assigned", e.ExerciseId, learnerId,
                        $"{NameOf(db, e.AssignedBy)} set you a planning exercise: “{e.Title}”, due {e.DueAt.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.");
                }
                return true;
            case PlanWorkEvent e:
                return ApplyWork(db, stored, e, at);
            case NotificationRead e:
                if (db.Notifications.FindById(e.NotificationId) is { } notification && notification.UserId == e.UserId && !notification.Read)
                {
                    notification.Read = true;
                    db.Notifications.Update(notification);
                }
                return true;
            default:
                return false;
        }
    }

    private static bool ApplyWork(RoundtableDb db, StoredEvent stored, PlanWorkEvent e, DateTime at)
    {
        var planId = PlanRecord.KeyOf(e.ExerciseId, e.LearnerId);
        if (db.Plans.FindById(planId) is not { } plan || db.PlanExercises.FindById(e.ExerciseId) is not { } exercise)
        {
            return false;
        }
        plan.Progress.Apply(e, stored.Seq);
        plan.UpdatedAt = at;
        db.Plans.Update(plan);
        var number = plan.Progress.CountOf(e);
        var (kind, markdown, html, by, revision) = e switch
        {
            PlanWritten w => (PlanEntryKind.Plan, w.Markdown, w.Html, w.LearnerId, false),
            PlanReflectionWritten r => (PlanEntryKind.Reflection, r.Markdown, r.Html, r.LearnerId, false),
            PlanFeedbackGiven f => (PlanEntryKind.Feedback, f.Markdown, f.Html, f.ManagerId, f.RevisionRequested),
            _ => throw new InvalidOperationException($"Unknown plan event {e.TypeName}."),
        };
        db.PlanEntries.Upsert(new PlanEntryRecord
        {
            Id = PlanEntryRecord.KeyOf(planId, stored.Seq),
            PlanId = planId,
            Version = stored.Seq,
            Kind = kind,
            Number = number,
            Markdown = markdown,
            Html = html,
            ByUserId = by,
            RevisionRequested = revision,
            At = at,
        });

        var learner = NameOf(db, e.LearnerId);
        switch (e)
        {
            case PlanWritten { ManagerId: { } manager }:
                Notify(db, stored, manager, "plan-written", e.ExerciseId, e.LearnerId, number == 1
                    ? $"{learner} wrote a plan for “{exercise.Title}”."
                    : $"{learner} revised their plan for “{exercise.Title}” (version {number}).");
                break;
            case PlanReflectionWritten { ManagerId: { } manager }:
                Notify(db, stored, manager, "reflection-written", e.ExerciseId, e.LearnerId, number == 1
                    ? $"{learner} wrote how “{exercise.Title}” went."
                    : $"{learner} revised their reflection on “{exercise.Title}” (version {number}).");
                break;
            // A learner with no manager is reviewed by the cohort's coaches, so they hear of the work instead.
            case PlanWritten { ManagerId: null }:
                NotifyCoaches(db, stored, exercise, e.LearnerId, number == 1
                    ? $"{learner} wrote a plan for “{exercise.Title}”; they have no manager, so the feedback is yours to give."
                    : $"{learner} revised their plan for “{exercise.Title}” (version {number}).");
                break;
            case PlanReflectionWritten { ManagerId: null }:
                NotifyCoaches(db, stored, exercise, e.LearnerId, number == 1
                    ? $"{learner} wrote how “{exercise.Title}” went."
                    : $"{learner} revised their reflection on “{exercise.Title}” (version {number}).");
                break;
            case PlanFeedbackGiven f:
                Notify(db, stored, e.LearnerId, "feedback-given", e.ExerciseId, e.LearnerId, f.RevisionRequested
                    ? $"{NameOf(db, f.ManagerId)} gave feedback on “{exercise.Title}” and asks you to revise it."
                    : $"{NameOf(db, f.ManagerId)} gave feedback on “{exercise.Title}”.");
                break;
        }
        return true;
    }

    private static void NotifyCoaches(RoundtableDb db, StoredEvent stored, PlanExerciseRecord exercise, string learnerId, string text)
    {
        foreach (var coach in db.Memberships.Find(m => m.CohortId == exercise.CohortId && m.Role == Core.Directory.CohortRole.Coach).ToList())
        {
            Notify(db, stored, coach.UserId, "plan-to-review", exercise.Id, learnerId, text);
        }
    }

    private static void Notify(RoundtableDb db, StoredEvent stored, string userId, string kind, string exerciseId, string learnerId, string text) =>
        NotificationRecord.Write(db, stored, userId, kind, text, PlanLink(exerciseId, learnerId));

    /// <summary>Where the plans page opens one learner's work on one exercise.</summary>
    public static string PlanLink(string exerciseId, string learnerId) =>
        $"/plans.html?exercise={Uri.EscapeDataString(exerciseId)}&learner={Uri.EscapeDataString(learnerId)}";

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Someone";
}
