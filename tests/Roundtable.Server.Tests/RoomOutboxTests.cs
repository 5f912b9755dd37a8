using Roundtable.Core.Feedback;
using Roundtable.Core.Rooms;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Tests;

/// <summary>How the outbox folds a burst's feedback updates into one per recipient.</summary>
public sealed class RoomOutboxTests
{
    private static readonly Rubric Rubric = new("r", 1, "p", "R", "", [new RubricCriterion("c", "C", "", ["1", "2"], 1)], []);

    private static FeedbackEntryView Entry(long id, int revision) =>
        new("presentation-1", id, FeedbackKind.Peer, null, null, null, [], revision, DateTimeOffset.UnixEpoch, null, false, null, false);

    private static FeedbackDelivery Staff(long seq, int submissions, params FeedbackEntryView[] entries) => new(RoomAudience.Staff, null, new FeedbackUpdate(
        "room", seq, "presentation-1", FeedbackAudience.Staff,
        new FeedbackView("presentation-1", "lena", "Lena", Rubric, FeedbackAnonymity.Named, DateTimeOffset.UnixEpoch, null, false, false,
            submissions, 3, new FeedbackAggregate(submissions, [], null), entries, null), null));

    [Fact]
    public void ABurstBecomesOneUpdatePerRecipientWithTheLatestViewAndEveryChangedEntryAtItsLatestRevision()
    {
        var mine = new FeedbackDelivery(null, "liam", new FeedbackUpdate("room", 11, "presentation-1", null, null, Entry(10, 1)));
        var merged = FeedbackDeliveryPolicy.Coalesce([Staff(10, 1, Entry(10, 1)), mine, Staff(11, 2, Entry(11, 1)), Staff(12, 2, Entry(10, 2))]).ToList();

        Assert.Equal(2, merged.Count);
        var staff = merged[0].Update;
        Assert.Equal(12, staff.Seq);
        Assert.Equal(2, staff.View!.Submitted);
        Assert.Equal([(11L, 1), (10L, 2)], staff.View.Entries!.Select(e => (e.SubmissionId, e.Revision)));
        Assert.Same(mine, merged[1]);
    }

    [Fact]
    public void DifferentPresentationsAndRecipientsStayApart()
    {
        var other = Staff(13, 1) with { Audience = RoomAudience.Participants };
        var merged = FeedbackDeliveryPolicy.Coalesce([Staff(10, 1, Entry(10, 1)), other]).ToList();
        Assert.Equal(2, merged.Count);
    }
}
