using Roundtable.Core.Directory;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Plans;
using Roundtable.Core.Rooms;

namespace Roundtable.Core.Dashboard;

/// <summary>
/// Everything the dashboard shows, as one fold of the global log (directory and room events, in position order): who
/// is in which cohort, and per roundtable who was there and for how long, what they said and asked, the presentations
/// and their peer feedback, polls and end-of-session ratings. Every figure is computed from this fold when asked; none
/// is a counter kept anywhere else. Apply is O(1) per event (a feedback submission: one step per criterion). Not
/// thread-safe: its owner serialises access.
/// </summary>
public sealed partial class ProgramActivity
{
    private readonly Dictionary<string, string> _userNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgramInfo> _programs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CohortInfo> _cohorts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionInfo> _sessions = new(StringComparer.Ordinal);
    /// <summary>Each breakout room's session: time and talk in a breakout group count towards the session it split from.</summary>
    private readonly Dictionary<string, SessionInfo> _breakoutSessions = new(StringComparer.Ordinal);

    /// <summary>The global position of the last event applied.</summary>
    public long Position { get; private set; }

    public void Apply(StoredEvent stored)
    {
        Position = stored.Position;
        switch (stored.Event)
        {
            case UserRegistered e:
                _userNames[e.UserId] = e.DisplayName;
                return;
            case ProgramCreated e:
                _programs[e.ProgramId] = new ProgramInfo(e.ProgramId, e.Name);
                return;
            case DashboardThresholdsSet e when _programs.TryGetValue(e.ProgramId, out var program):
                program.Thresholds = e.Thresholds;
                return;
            case CalibratedAggregateChosen e:
                ApplyCalibrationChoice(e);
                return;
            case CohortCreated e:
                _cohorts[e.CohortId] = new CohortInfo(e.CohortId, e.ProgramId, e.Name);
                return;
            case MemberAdded e when _cohorts.TryGetValue(e.CohortId, out var cohort):
                cohort.Members[e.UserId] = e.Role;
                return;
            case MemberRemoved e when _cohorts.TryGetValue(e.CohortId, out var cohort):
                cohort.Members.Remove(e.UserId);
                return;
            case RoundtableScheduled e when e.Kind == RoundtableKind.Session:
                _sessions[e.RoundtableId] = new SessionInfo(e.RoundtableId, e.CohortId, e.Title, e.ScheduledStart);
                return;
            case RoundtableScheduled { Kind: RoundtableKind.Breakout, ParentId: { } parentId } e when _sessions.TryGetValue(parentId, out var parent):
                _breakoutSessions[e.RoundtableId] = parent;
                return;
            case PlanExerciseAssigned or PlanWorkEvent:
                ApplyPlan(stored);
                return;
            case AsyncPresentations.AsyncPresentationEvent:
                ApplyAsync(stored);
                return;
            case RoomEvent when StreamNames.IsRoom(stored.Stream) && _sessions.TryGetValue(StreamNames.RoomIdOf(stored.Stream), out var session):
                session.Apply(stored);
                return;
            case RoomEvent when StreamNames.IsRoom(stored.Stream) && _breakoutSessions.TryGetValue(StreamNames.RoomIdOf(stored.Stream), out var parentSession):
                parentSession.ApplyFromBreakout(stored, StreamNames.RoomIdOf(stored.Stream));
                return;
        }
    }

    private string NameOf(string userId) => _userNames.GetValueOrDefault(userId, "Unknown");

    public bool HasCohort(string cohortId) => _cohorts.ContainsKey(cohortId);

    public bool HasProgram(string programId) => _programs.ContainsKey(programId);

    public bool HasRoundtable(string roundtableId) => _sessions.ContainsKey(roundtableId);

    private sealed class ProgramInfo(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public DashboardThresholds Thresholds { get; set; } = DashboardThresholds.Default;
    }

    private sealed class CohortInfo(string id, string programId, string name)
    {
        public string Id { get; } = id;
        public string ProgramId { get; } = programId;
        public string Name { get; } = name;
        public Dictionary<string, CohortRole> Members { get; } = new(StringComparer.Ordinal);

        public IEnumerable<string> Learners => Members.Where(m => m.Value == CohortRole.Learner).Select(m => m.Key);
    }
}
