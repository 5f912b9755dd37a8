using Roundtable.Core.Events;

namespace Roundtable.Core.Dashboard;

/// <summary>A program's flag thresholds changed (directory stream).</summary>
public sealed record DashboardThresholdsSet(string ProgramId, DashboardThresholds Thresholds, string SetBy) : DirectoryEvent;
