using Roundtable.Core.Events;

namespace Roundtable.Core.Dashboard;

/// <summary>A program's flag thresholds changed (directory stream).</summary>
public sealed record DashboardThresholdsSet(string ProgramId, DashboardThresholds Thresholds, string SetBy) : DirectoryEvent;

/// <summary>Coaches chose whether presenters of a cohort see a calibrated aggregate beside the raw one (directory stream).</summary>
public sealed record CalibratedAggregateChosen(string CohortId, bool Shown, string SetBy) : DirectoryEvent;
