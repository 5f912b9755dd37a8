using Roundtable.Core.Events;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using static Roundtable.Core.Tests.RoomStateTests;

namespace Roundtable.Core.Tests;

public sealed class NotesTests
{
    private const string RoomId = "room1";
    private static readonly Actor Coach = new("coach", "Cora", RoomRole.Coach);
    private static readonly Actor Admin = new("admin", "Ada", RoomRole.Admin);
    private static readonly Actor Lena = new("lena", "Lena", RoomRole.Learner);
    private static readonly Actor Liam = new("liam", "Liam", RoomRole.Learner);
    private static readonly Actor Max = new("max", "Max", RoomRole.Manager);

    private readonly RoomDecider _decider = new(new MarkdownRenderer());

    private static RoomState StateOf(params DomainEvent[] events) => RoomState.Fold(RoomId, Numbered(events));

    private static SharedNoteEdited Edit(long version, string markdown, Actor by) => new(version, markdown, "", by.UserId, by.DisplayName);

    private SharedNoteEdited Accepted(RoomState state, Actor actor, long baseVersion, string markdown)
    {
        var decision = _decider.Decide(state, actor, new EditSharedNote(baseVersion, markdown));
        Assert.True(decision.Accepted, decision.Reason);
        return Assert.IsType<SharedNoteEdited>(Assert.Single(decision.Events));
    }

    private void AssertRejected(RoomState state, Actor actor, EditSharedNote edit, Rejection expected)
    {
        var decision = _decider.Decide(state, actor, edit);
        Assert.Equal(expected, decision.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void FoldKeepsTheLatestNoteWithItsEditorAndTheSnapshotCarriesIt()
    {
        var state = StateOf(new RoundtableStarted("coach"), Edit(1, "first", Lena), Edit(2, "second", Liam));

        Assert.Equal((2L, "second", "Liam"), (state.Feature<SharedNotesState>().SharedNote.Version, state.Feature<SharedNotesState>().SharedNote.Markdown, state.Feature<SharedNotesState>().SharedNote.EditorName));
        Assert.Equal("first", state.Feature<SharedNotesState>().SharedNoteAt(1));
        Assert.Equal("", state.Feature<SharedNotesState>().SharedNoteAt(0));
        Assert.Null(state.Feature<SharedNotesState>().SharedNoteAt(3));
        Assert.Equal(state.Feature<SharedNotesState>().SharedNote, state.ToSnapshot(10, new Viewer(RoomAudience.Participants, "lena")).Part<SharedNotesSnapshot>()!.SharedNote);
    }

    [Fact]
    public void AnEmptyRoomHasVersionZeroNotes()
    {
        var snapshot = StateOf().ToSnapshot(10, Viewer.Staff);

        Assert.Equal(SharedNoteView.Empty, snapshot.Part<SharedNotesSnapshot>()!.SharedNote);
    }

    [Fact]
    public void TheHistoryKeptForMergingIsBounded()
    {
        var edits = Enumerable.Range(1, NoteLimits.MergeableVersions + 5).Select(v => (DomainEvent)Edit(v, $"v{v}", Lena)).ToArray();
        var state = StateOf(edits);

        Assert.Null(state.Feature<SharedNotesState>().SharedNoteAt(5));
        Assert.Equal("v6", state.Feature<SharedNotesState>().SharedNoteAt(6));
        AssertRejected(state, Lena, new EditSharedNote(1, "old"), NoteRejections.NoteConflict);
    }

    [Fact]
    public void AnEditFromTheCurrentVersionIsTakenAsWrittenAndRendered()
    {
        var edited = Accepted(StateOf(new RoundtableStarted("coach")), Lena, 0, "# Plan\n\n- **one**");

        Assert.Equal((1L, "# Plan\n\n- **one**", "lena", "Lena"), (edited.Version, edited.Markdown, edited.EditorUserId, edited.EditorName));
        Assert.Equal("<h1>Plan</h1>\n<ul>\n<li><strong>one</strong></li>\n</ul>", edited.Html);
    }

    [Fact]
    public void AnEditFromAnOlderVersionMergesWithChangesMadeSince()
    {
        var state = StateOf(new RoundtableStarted("coach"), Edit(1, "a\nb\nc\nd", Lena), Edit(2, "a\nb\nc\nD", Liam));

        var edited = Accepted(state, Lena, 1, "A\nb\nc\nd");

        Assert.Equal((3L, "A\nb\nc\nD"), (edited.Version, edited.Markdown));
    }

    [Fact]
    public void AnEditOfLinesChangedSinceIsAConflictThatNamesTheLines()
    {
        var state = StateOf(new RoundtableStarted("coach"), Edit(1, "a\nb\nc", Lena), Edit(2, "a\nLiam's\nc", Liam));

        var decision = _decider.Decide(state, Lena, new EditSharedNote(1, "a\nLena's\nc"));

        Assert.Equal(NoteRejections.NoteConflict, decision.Rejection);
        Assert.Contains("Someone changed the same lines (line 2)", decision.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void AnEditThatChangesNothingIsAlreadyDone()
    {
        var state = StateOf(new RoundtableStarted("coach"), Edit(1, "a\nb", Lena), Edit(2, "a\nB", Liam));

        var decision = _decider.Decide(state, Lena, new EditSharedNote(1, "a\nB"));

        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void UnknownVersionsAndOversizedNotesAreRefused()
    {
        var state = StateOf(new RoundtableStarted("coach"), Edit(1, "a", Lena));

        AssertRejected(state, Lena, new EditSharedNote(2, "b"), Rejection.InvalidArgument);
        AssertRejected(state, Lena, new EditSharedNote(-1, "b"), Rejection.InvalidArgument);
        AssertRejected(state, Lena, new EditSharedNote(1, new string('x', NoteLimits.MaxNoteBytes + 1)), Rejection.MessageTooLarge);
        Assert.True(_decider.Decide(state, Lena, new EditSharedNote(1, new string('x', NoteLimits.MaxNoteBytes))).Accepted);
    }

    [Fact]
    public void AfterTheRoundtableEndsOnlyStaffEditTheNotes()
    {
        var state = StateOf(new RoundtableStarted("coach"), new RoundtableEnded("coach"));

        AssertRejected(state, Lena, new EditSharedNote(0, "late"), Rejection.RoomEnded);
        AssertRejected(state, Max, new EditSharedNote(0, "late"), Rejection.RoomEnded);
        Accepted(state, Coach, 0, "summary");
        Accepted(state, Admin, 0, "summary");
    }

    [Fact]
    public void EveryMemberMayEditBeforeAndDuringTheRoundtable()
    {
        Accepted(StateOf(), Lena, 0, "agenda ideas");
        Accepted(StateOf(new RoundtableStarted("coach")), Max, 0, "from the manager");
    }

    [Fact]
    public void WhenTheCoachTurnsNotesEditingOffLearnersAreRefusedAndStaffStillEdit()
    {
        var state = StateOf(new NotesEditingChanged(false, Coach.UserId));

        AssertRejected(state, Lena, new EditSharedNote(0, "Lena's line"), Rejection.NotAllowed);
        AssertRejected(state, Max, new EditSharedNote(0, "Max's line"), Rejection.NotAllowed);
        Accepted(state, Coach, 0, "Agreed actions");

        var reopened = StateOf(new NotesEditingChanged(false, Coach.UserId), new NotesEditingChanged(true, Coach.UserId));
        Accepted(reopened, Lena, 0, "Lena's line");
    }
}
