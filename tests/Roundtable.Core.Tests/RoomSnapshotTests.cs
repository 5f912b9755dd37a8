using System.Text.Json;
using Roundtable.Core.Events;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class RoomSnapshotTests
{
    [Fact]
    public void SnapshotIsOneFlatObjectWithEveryFeaturesFieldsAsBefore()
    {
        var room = new FeatureTestRoom(Lena);
        room.Run(Coach, new OpenPoll("Lunch?", ["Yes", "No"], false, false));
        var snapshot = room.State.ToSnapshot(200, Viewer.Of(Lena)) with { ServerNow = DateTimeOffset.UnixEpoch };

        var json = JsonSerializer.SerializeToElement(snapshot, EventSerializer.Options);

        // The fields the browser reads (room.js and the panels), the core's and each feature's, side by side; null ones
        // (nobody on stage, no breakouts, a learner's view of the ratings) are left out, as these options say.
        string[] expected =
        [
            "roomId", "seq", "status", "participants", "recentMessages", "hasEarlierMessages", "serverNow",
            "moderation", "agenda", "presentations", "sharedNote", "speakingQueue", "questions", "questionReview", "polls",
            "feedback", "myFeedback", "mySessionRating", "breakoutNotes", "media",
        ];
        Assert.Equal(expected.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Lunch?", json.GetProperty("polls")[0].GetProperty("question").GetString());
    }

    [Fact]
    public void SnapshotReadsBackIntoItsTypedParts()
    {
        var room = new FeatureTestRoom(Lena);
        room.Run(Lena, new RaiseHand());
        var snapshot = room.State.ToSnapshot(200, Viewer.Staff);

        var read = JsonSerializer.Deserialize<RoomSnapshot>(JsonSerializer.Serialize(snapshot, EventSerializer.Options), EventSerializer.Options)!;

        Assert.Equal((snapshot.RoomId, snapshot.Seq, snapshot.Status), (read.RoomId, read.Seq, read.Status));
        Assert.Equal(snapshot.Participants, read.Participants);
        Assert.Equal("lena", Assert.Single(read.Part<SpeakingQueueSnapshot>()!.SpeakingQueue.Queue).UserId);
        Assert.Null(read.Part<BreakoutsSnapshot>()!.Breakouts);
    }
}
