// @ts-check
// A planning exercise's status as people read it (the plans page and a manager's home).

/** @type {Record<string, string>} */
export const planStatusLabels = {
  NotStarted: "Not started",
  Planned: "Planned",
  Done: "Done",
  Reviewed: "Reviewed",
  RevisionRequested: "Revision requested",
  Overdue: "Overdue",
};

/** The status as a badge; the text carries the meaning, the colour only repeats it. @param {string} status */
export function planStatusBadge(status) {
  const badge = document.createElement("span");
  badge.className = `badge plan-${String(status).toLowerCase()}`;
  badge.textContent = planStatusLabels[status] ?? String(status);
  return badge;
}

/** The page showing one learner's work on one exercise. @param {string} exerciseId @param {string} learnerId */
export function planUrl(exerciseId, learnerId) {
  return `/plans.html?${new URLSearchParams({ exercise: exerciseId, learner: learnerId })}`;
}
