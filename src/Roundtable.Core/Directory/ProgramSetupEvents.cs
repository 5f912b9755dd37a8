using Roundtable.Core.Events;

namespace Roundtable.Core.Directory;

// Setting a program up: its name, whether it still runs, and the template each new cohort starts from; a cohort's own
// details and the copy of the template it was given.

/// <summary>A topic a cohort's roundtables open with, and the minutes it is meant to take.</summary>
public sealed record AgendaItemTemplate(string Topic, int Minutes);

/// <summary>The planning exercise coaches assign by default: its title, what learners are asked to do, and how long they have.</summary>
public sealed record ExerciseTemplate(string Title, string Instructions, int DaysUntilDue);

/// <summary>
/// What a new cohort starts from: the agenda its roundtables open with, the rubric feedback uses by default (one of the
/// program's), and the planning exercise it assigns. A cohort keeps a copy, so later edits change only later cohorts.
/// </summary>
public sealed record ProgramTemplate(IReadOnlyList<AgendaItemTemplate> AgendaItems, string? RubricId, ExerciseTemplate? Exercise)
{
    public static readonly ProgramTemplate Empty = new([], null, null);
}

public sealed record ProgramEdited(string ProgramId, string Name, string Description, string EditedBy) : DirectoryEvent;

/// <summary>
/// A program archived (or, with <paramref name="Archived"/> false, back in use). An archived program is left out of the
/// lists and takes no new cohorts; its history stays readable.
/// </summary>
public sealed record ProgramArchived(string ProgramId, bool Archived, string By) : DirectoryEvent;

public sealed record ProgramTemplateSet(string ProgramId, ProgramTemplate Template, string SetBy) : DirectoryEvent;

/// <summary>A cohort's name and the dates it runs (calendar days; either may be open).</summary>
public sealed record CohortEdited(string CohortId, string Name, DateOnly? StartDate, DateOnly? EndDate, string EditedBy) : DirectoryEvent;

/// <summary>The cohort's own copy of its program's template, taken when the cohort was created.</summary>
public sealed record CohortTemplateCopied(string CohortId, ProgramTemplate Template) : DirectoryEvent;
