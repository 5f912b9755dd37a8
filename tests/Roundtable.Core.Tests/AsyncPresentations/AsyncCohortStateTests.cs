using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests.AsyncPresentations;

public sealed class AsyncCohortStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Rubric Rubric = FeedbackTallyTests.Rubric;
    private static readonly MarkdownRenderer Markdown = new();
    private static readonly AsyncCaller LenaCaller = new(Lena.UserId, IsLearner: true, IsStaff: false);
    private static readonly AsyncCaller LiamCaller = new(Liam.UserId, IsLearner: true, IsStaff: false);
    private static readonly AsyncCaller NoorCaller = new(Noor.UserId, IsLearner: true, IsStaff: false);
    private static readonly AsyncCaller TheoCaller = new("theo", IsLearner: true, IsStaff: false);
    private static readonly AsyncCaller CoachCaller = new(Coach.UserId, IsLearner: false, IsStaff: true);

    /// <summary>Lena has presented; feedback is open until T0 + 1 day, every peer (Liam, Noor) reviewing.</summary>
    private static AsyncCohortState Opened(ReviewerChoice choice = ReviewerChoice.AllPeers, int? k = null, params string[] learners)
    {
        var state = new AsyncCohortState();
        Run(state, state.Submit(LenaCaller, new AsyncPresentationSubmitted("p1", "cohort", Lena.UserId, "Pitch", "# One", ["<h1>One</h1>"], [])));
        Run(state, state.Open(CoachCaller, "cohort", "round", Rubric, T0.AddDays(1), choice, k, 42, null,
            learners.Length > 0 ? learners : [Lena.UserId, Liam.UserId, Noor.UserId], T0));
        return state;
    }

    private static IReadOnlyList<DomainEvent> Run(AsyncCohortState state, AsyncDecision decision)
    {
        Assert.Null(decision.Refusal);
        foreach (var e in decision.Events)
        {
            state.Apply(e);
        }
        return decision.Events;
    }

    private static Dictionary<string, int> Scores(int clarity, int delivery) => new() { ["clarity"] = clarity, ["delivery"] = delivery };

    private static AsyncDecision Give(AsyncCohortState state, AsyncCaller caller, int clarity, int delivery, DateTimeOffset at, string? worked = null) =>
        state.GiveFeedback(caller, "p1", Scores(clarity, delivery), worked is null ? [] : new Dictionary<string, string> { ["worked"] = worked }, Markdown.Render, at);

    [Fact]
    public void TheAggregateIsTheLiveRoomsForTheSameFeedback()
    {
        // Live: Liam gives 4/2, then revises to 5/3; Noor gives 2/3.
        var room = new FeatureTestRoom(new FakeTimeProvider(T0), Coach, Lena, Liam, Noor);
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot(Lena.UserId, Lena.DisplayName, 5)).Events));
        room.Run(Coach, new StartPresentation(slot.ItemId));
        const string presentationId = "presentation-1";
        room.Run(Coach, new OpenFeedback(presentationId, Rubric, FeedbackAnonymity.Named, null));
        room.Run(Liam, new SubmitFeedback(presentationId, Scores(4, 2), new Dictionary<string, string>()));
        room.Run(Liam, new SubmitFeedback(presentationId, Scores(5, 3), new Dictionary<string, string>()));
        room.Run(Noor, new SubmitFeedback(presentationId, Scores(2, 3), new Dictionary<string, string>()));
        var live = room.State.Feature<FeedbackState>().Find(presentationId)!.PeerTally.ToAggregate();

        // Asynchronous: the same people, the same scores.
        var state = Opened();
        Run(state, Give(state, LiamCaller, 4, 2, T0));
        Run(state, Give(state, LiamCaller, 5, 3, T0.AddHours(1)));
        Run(state, Give(state, NoorCaller, 2, 3, T0.AddHours(2)));
        var asynchronous = AsyncCohortState.Aggregate(Rubric, state.Presentations["p1"].Reviews.Values.Select(r => r.Scores));

        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(asynchronous));
        Assert.Equal(2, asynchronous.Submissions);
        Assert.Equal((3.5 * 2 + 3 * 1) / 3, asynchronous.Overall!.Value, 10);
    }

    [Fact]
    public void FeedbackIsCheckedByTheLiveRules()
    {
        var state = Opened();
        var missing = state.GiveFeedback(LiamCaller, "p1", new Dictionary<string, int> { ["clarity"] = 3 }, null, Markdown.Render, T0);
        Assert.Equal("Score Delivery before sending.", missing.Refusal!.Message);
        var outOfScale = Give(state, LiamCaller, 6, 1, T0);
        Assert.Equal("Clarity is scored from 1 to 5; 6 is outside that.", outOfScale.Refusal!.Message);
        var tooLong = Give(state, LiamCaller, 3, 2, T0, worked: new string('x', FeedbackLimits.MaxAnswerBytes + 1));
        Assert.Equal(AsyncRefusalKind.Invalid, tooLong.Refusal!.Kind);
        Assert.Equal("answers", tooLong.Refusal.Field);
    }

    [Fact]
    public void AReviewerMayReviseUntilTheDeadlineAndNotAfter()
    {
        var state = Opened();
        var first = Assert.IsType<AsyncFeedbackGiven>(Assert.Single(Run(state, Give(state, LiamCaller, 3, 2, T0, worked: "Clear **story**"))));
        Assert.Equal(1, first.Revision);
        Assert.Contains("<strong>story</strong>", first.Answers[0].Html);
        Assert.Empty(Give(state, LiamCaller, 3, 2, T0.AddHours(1), worked: "Clear **story**").Events);
        var revised = Assert.IsType<AsyncFeedbackGiven>(Assert.Single(Run(state, Give(state, LiamCaller, 4, 2, T0.AddHours(23)))));
        Assert.Equal(2, revised.Revision);

        var late = Give(state, LiamCaller, 5, 3, T0.AddDays(1));
        Assert.Equal(AsyncRefusalKind.Conflict, late.Refusal!.Kind);
        Assert.Contains("deadline", late.Refusal.Message);
    }

    [Fact]
    public void OnlyAssignedReviewersGiveFeedbackAndNeverThePresenter()
    {
        var state = Opened(ReviewerChoice.RandomPeers, 1, Lena.UserId, Liam.UserId, Noor.UserId);
        var reviewer = Assert.Single(state.Rounds["round"].Reviewers["p1"]);
        var other = reviewer == Liam.UserId ? NoorCaller : LiamCaller;

        Assert.Equal(AsyncRefusalKind.Forbidden, Give(state, other, 3, 2, T0).Refusal!.Kind);
        Assert.Equal(AsyncRefusalKind.Forbidden, Give(state, TheoCaller, 3, 2, T0).Refusal!.Kind);
        Assert.Equal("You cannot review your own presentation.", Give(state, LenaCaller, 3, 2, T0).Refusal!.Message);
        Assert.Null(Give(state, reviewer == Liam.UserId ? LiamCaller : NoorCaller, 3, 2, T0).Refusal);
    }

    [Fact]
    public void ThePresenterRatesAndReflectsOnlyOnceReleased()
    {
        var state = Opened();
        Run(state, Give(state, LiamCaller, 3, 2, T0));
        Assert.Equal(AsyncRefusalKind.Conflict, state.Rate(LenaCaller, "p1", Liam.UserId, 3, T0.AddHours(1)).Refusal!.Kind);
        Assert.Equal(AsyncRefusalKind.Forbidden, state.Rate(NoorCaller, "p1", Liam.UserId, 3, T0.AddDays(2)).Refusal!.Kind);

        // Past the deadline the first action also records the close the deadline implied.
        var rated = Run(state, state.Rate(LenaCaller, "p1", Liam.UserId, 3, T0.AddDays(2)));
        Assert.Collection(rated, e => Assert.IsType<AsyncReviewClosed>(e), e => Assert.Equal(3, Assert.IsType<AsyncFeedbackRated>(e).Helpfulness));
        Assert.Equal(AsyncRefusalKind.Invalid, state.Rate(LenaCaller, "p1", Liam.UserId, 4, T0.AddDays(2)).Refusal!.Kind);
        var reflection = Assert.IsType<AsyncReflectionWritten>(Assert.Single(Run(state, state.Reflect(LenaCaller, "p1", "I will *slow down*.", Markdown.Render, T0.AddDays(2)))));
        Assert.Contains("<em>slow down</em>", reflection.Html);
    }

    [Fact]
    public void ACoachClosesEarlyAndThatReleasesTheFeedback()
    {
        var state = Opened();
        Assert.Equal(AsyncRefusalKind.Forbidden, state.Close(LiamCaller, "round", T0).Refusal!.Kind);
        Assert.Empty(state.Close(null, "round", T0).Events); // the deadline has not passed
        var closed = Assert.IsType<AsyncReviewClosed>(Assert.Single(Run(state, state.Close(CoachCaller, "round", T0.AddHours(1)))));
        Assert.Equal(Coach.UserId, closed.ByUserId);
        Assert.Equal(AsyncRefusalKind.NotFound, state.Rate(LenaCaller, "p1", "nobody", 3, T0.AddHours(2)).Refusal!.Kind); // released: only the id is wrong
        Assert.Equal(AsyncRefusalKind.Conflict, Give(state, LiamCaller, 3, 2, T0.AddHours(2)).Refusal!.Kind);
    }

    [Fact]
    public void AttachedFilesMustBeThePresentersOwnUploads()
    {
        var state = new AsyncCohortState();
        state.Apply(new UploadStored("u1", Liam.UserId, "cohort", "deck.pdf", "application/pdf", 10, "00"));
        var refused = state.Submit(LenaCaller, new AsyncPresentationSubmitted("p1", "cohort", Lena.UserId, "Pitch", "", [], ["u1"]));
        Assert.Equal("uploadIds", refused.Refusal!.Field);
        Assert.Equal(AsyncRefusalKind.Forbidden, state.Submit(CoachCaller, new AsyncPresentationSubmitted("p2", "cohort", Coach.UserId, "Pitch", "x", ["x"], [])).Refusal!.Kind);
    }

    [Fact]
    public void SlidesAreSplitAtLinesOfThreeDashes()
    {
        Assert.Equal(["# One\nintro", "## Two", "three"], SlideDeck.Split("# One\nintro\n---\n## Two\n  ---  \nthree\n---\n\n"));
        Assert.Empty(SlideDeck.Split("  "));
    }

    [Fact]
    public void AnUploadIsRemovedOnceAndNotWhileASubmittedPresentationHoldsIt()
    {
        var state = new AsyncCohortState();
        state.Apply(new UploadStored("kept", Lena.UserId, "cohort", "deck.pdf", "application/pdf", 10, "00"));
        state.Apply(new UploadStored("loose", Lena.UserId, "cohort", "wrong.png", "image/png", 10, "00"));
        Run(state, state.Submit(LenaCaller, new AsyncPresentationSubmitted("p1", "cohort", Lena.UserId, "Pitch", "", [], ["kept"])));

        var held = state.RemoveUpload("kept", Lena.UserId);
        Assert.Equal(AsyncRefusalKind.Conflict, held.Refusal?.Kind);
        Assert.Equal("This file is part of your submitted presentation “Pitch”, so it stays.", held.Refusal?.Message);
        Assert.Equal("This file is part of the submitted presentation “Pitch”, so it stays.", state.RemoveUpload("kept", null).Refusal?.Message);

        Assert.Equal(new UploadRemoved("loose", null), Assert.Single(Run(state, state.RemoveUpload("loose", null))));
        // A second removal (another node's clean-up, a second click) finds nothing left to do.
        Assert.Empty(Run(state, state.RemoveUpload("loose", Lena.UserId)));
        var attach = state.Submit(LenaCaller, new AsyncPresentationSubmitted("p2", "cohort", Lena.UserId, "Again", "", [], ["loose"]));
        Assert.Equal(AsyncRefusalKind.Invalid, attach.Refusal?.Kind);
    }
}
