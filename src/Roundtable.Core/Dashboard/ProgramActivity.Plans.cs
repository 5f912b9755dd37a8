using System.Globalization;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;

namespace Roundtable.Core.Dashboard;

public sealed partial class ProgramActivity
{
    private readonly Dictionary<string, ExerciseInfo> _exercises = new(StringComparer.Ordinal);

    private void ApplyPlan(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case PlanExerciseAssigned e:
                _exercises[e.ExerciseId] = new ExerciseInfo(e.CohortId, e.Title, e.DueAt, e.LearnerIds.ToDictionary(id => id, _ => new PlanProgress(), StringComparer.Ordinal));
                return;
            case PlanWorkEvent e when _exercises.TryGetValue(e.ExerciseId, out var exercise) && exercise.Work.TryGetValue(e.LearnerId, out var work):
                work.Apply(e, stored.Seq);
                return;
        }
    }

    /// <summary>A learner's exercises in a cohort, oldest due first: how many, how many done, and which are overdue now.</summary>
    private PlanFigures PlansOf(string cohortId, string userId, DateTimeOffset now)
    {
        var mine = _exercises.Values
            .Where(x => x.CohortId == cohortId && x.Work.ContainsKey(userId))
            .OrderBy(x => x.DueAt)
            .ToList();
        var overdue = mine.Where(x => x.Work[userId].StatusAt(x.DueAt, now) == PlanStatus.Overdue).ToList();
        LearnerFlag? flag = overdue.Count == 0
            ? null
            : new LearnerFlag("plan-overdue", overdue.Count == 1
                ? $"Planning exercise “{overdue[0].Title}” was due {DueText(overdue[0])} and has no reflection yet."
                : $"{overdue.Count} planning exercises are past their due date without a reflection: {string.Join(", ", overdue.Select(x => $"“{x.Title}” (due {DueText(x)})"))}.");
        return new PlanFigures(mine.Count, mine.Count(x => x.Work[userId].IsDone), overdue.Count, flag);
    }

    private static string DueText(ExerciseInfo exercise) => exercise.DueAt.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private sealed record PlanFigures(int Assigned, int Done, int Overdue, LearnerFlag? Flag);

    private sealed record ExerciseInfo(string CohortId, string Title, DateTimeOffset DueAt, Dictionary<string, PlanProgress> Work);
}
