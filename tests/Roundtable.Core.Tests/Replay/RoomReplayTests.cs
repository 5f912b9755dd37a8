using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Replay;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests.Replay;

public sealed class RoomReplayTests
{
    private const string P = "presentation-1";
    private const string Secret = "a secret the coach hid";
    private const string HarshWords = "words the coach hid";
    private static readonly JsonSerializerOptions JsonOptions = Options();

    /// <summary>
    /// A whole roundtable: Lena presents, Liam says something in the chat and gives feedback with words, the coach
    /// hides both later, closes feedback and ends the room.
    /// </summary>
    private static FeatureTestRoom EndedRoom()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
        var room = new FeatureTestRoom(clock, Coach, Lena, Liam, Noor);
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot(Lena.UserId, Lena.DisplayName, 5)).Events));
        room.Run(Coach, new AdvanceAgenda());
        room.Run(Coach, new StartPresentation(slot.ItemId));
        room.Run(Coach, new OpenFeedback(P, FeedbackTallyTests.Rubric, FeedbackAnonymity.Named, null));
        clock.Advance(TimeSpan.FromSeconds(20));
        var secret = room.Run(Liam, new PostMessage(Secret, null));
        room.Run(Liam, new SubmitFeedback(P, new Dictionary<string, int> { ["clarity"] = 4, ["delivery"] = 3 }, new Dictionary<string, string> { ["worked"] = HarshWords }));
        room.Run(Noor, new PostMessage("Nice slides", null));
        room.Run(Noor, new SubmitFeedback(P, new Dictionary<string, int> { ["clarity"] = 5, ["delivery"] = 2 }, new Dictionary<string, string>()));
        clock.Advance(TimeSpan.FromMinutes(2));
        room.Run(Coach, new HideMessage(room.State.Messages.Single(m => m.Markdown == Secret).Seq));
        room.Run(Coach, new ModerateFeedback(P, room.State.Feature<FeedbackState>().Find(P)!.FindByUser(Liam.UserId)!.Id, Hide: true));
        room.Run(Coach, new CloseFeedback(P));
        room.Run(Coach, new EndPresentation());
        room.Run(Coach, new EndRoundtable());
        Assert.NotEmpty(secret.Events);
        return room;
    }

    [Fact]
    public void EveryCheckpointEqualsAFreshFoldOfTheLogUpToItsSeq()
    {
        var room = EndedRoom();

        var replay = RoomReplay.Build("room1", room.Log, Viewer.Staff, checkpointEvery: 3, recentMessages: 200);

        Assert.Equal([0L, .. Enumerable.Range(1, (int)room.LastSeq / 3).Select(i => i * 3L), .. room.LastSeq % 3 == 0 ? Array.Empty<long>() : [room.LastSeq]],
            replay.Checkpoints.Select(c => c.Seq));
        foreach (var checkpoint in replay.Checkpoints)
        {
            var fresh = RoomState.Fold("room1", room.Log.Take((int)checkpoint.Seq)).ToSnapshot(200, Viewer.Staff);
            Assert.Equal(Json(fresh with { ServerNow = checkpoint.ServerNow }), Json(checkpoint));
            // The replayed moment's clock is the time of its last event, so timers show what they showed then.
            Assert.Equal(checkpoint.Seq == 0 ? room.Log[0].At : room.Log[(int)checkpoint.Seq - 1].At, checkpoint.ServerNow);
        }
        Assert.Equal(room.Log.Select(e => e.Seq), replay.Events.Select(e => e.Seq));
    }

    [Fact]
    public void WhatTheCoachHidLaterIsOutOfALearnersReplayAtEveryMomentButInTheCoachs()
    {
        var room = EndedRoom();

        // Lena presented: she saw feedback words live, and a chat message before either was hidden.
        var lenas = Json(RoomReplay.Build("room1", room.Log, Viewer.Of(Lena), checkpointEvery: 1, recentMessages: 200));
        var coachs = Json(RoomReplay.Build("room1", room.Log, Viewer.Of(Coach), checkpointEvery: 1, recentMessages: 200));

        Assert.DoesNotContain(Secret, lenas, StringComparison.Ordinal);
        Assert.DoesNotContain(HarshWords, lenas, StringComparison.Ordinal);
        Assert.Contains(Secret, coachs, StringComparison.Ordinal);
        Assert.Contains(HarshWords, coachs, StringComparison.Ordinal);
        // What was not hidden is there for her, at the moments it was there.
        Assert.Contains("Nice slides", lenas, StringComparison.Ordinal);
    }

    [Fact]
    public void ALearnerGetsTheFeedbackUpdatesTheirConnectionWouldHaveReceived()
    {
        var room = EndedRoom();

        var lenas = RoomReplay.Build("room1", room.Log, Viewer.Of(Lena), checkpointEvery: 100, recentMessages: 200);
        var noors = RoomReplay.Build("room1", room.Log, Viewer.Of(Noor), checkpointEvery: 100, recentMessages: 200);

        // The presenter hears of every submission; a peer only of the window's state and their own feedback.
        Assert.Contains(lenas.FeedbackUpdates, u => u.For == FeedbackAudience.Presenter && u.View!.Submitted == 2);
        Assert.DoesNotContain(noors.FeedbackUpdates, u => u.For is FeedbackAudience.Presenter or FeedbackAudience.Staff);
        Assert.Contains(noors.FeedbackUpdates, u => u.Mine?.UserId == Noor.UserId);
        Assert.DoesNotContain(noors.FeedbackUpdates, u => u.Mine is { } mine && mine.UserId != Noor.UserId);
        Assert.Equal(lenas.FeedbackUpdates.Select(u => u.Seq).Order(), lenas.FeedbackUpdates.Select(u => u.Seq));
    }

    [Fact]
    public void MarkersNameTheAgendaThePresentationAndTheFeedbackWindowInOrder()
    {
        var room = EndedRoom();

        var replay = RoomReplay.Build("room1", room.Log, Viewer.Of(Liam), checkpointEvery: 100, recentMessages: 200);

        Assert.Equal(
            [ReplayMarkerKind.Started, ReplayMarkerKind.AgendaItem, ReplayMarkerKind.PresentationStarted, ReplayMarkerKind.FeedbackOpened,
                ReplayMarkerKind.FeedbackClosed, ReplayMarkerKind.PresentationEnded, ReplayMarkerKind.Ended],
            replay.Markers.Select(m => m.Kind));
        Assert.Equal("Lena presents", replay.Markers[2].Label);
        Assert.Equal("Feedback for Lena closed", replay.Markers[4].Label);
        Assert.All(replay.Markers, m => Assert.Equal(room.Log[(int)m.Seq - 1].At, m.At));
    }

    [Fact]
    public void AnAgendaTopicsMarkerSaysItsWordsWithoutItsMarkdown()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 9, 0, 0, TimeSpan.Zero));
        var room = new FeatureTestRoom(clock, Coach, Lena);
        room.Run(Coach, new AddAgendaTopic("**Warm-up**: what *worked* <b>this</b> week"));
        room.Run(Coach, new AdvanceAgenda());

        var replay = RoomReplay.Build("room1", room.Log, Viewer.Of(Lena), checkpointEvery: 100, recentMessages: 200);

        Assert.Equal("Agenda: Warm-up: what worked <b>this</b> week", Assert.Single(replay.Markers, m => m.Kind == ReplayMarkerKind.AgendaItem).Label);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        EventSerializer.UseEventContract(options);
        return options;
    }
}
