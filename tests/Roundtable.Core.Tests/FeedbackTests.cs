using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Roundtable.Core.Events;
using Roundtable.Core.Feedback;
using Roundtable.Core.Log;
using Roundtable.Core.Markdown;
using Roundtable.Core.Rooms;
using static Roundtable.Core.Tests.FeatureTestRoom;

namespace Roundtable.Core.Tests;

public sealed class FeedbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Rubric Rubric = FeedbackTallyTests.Rubric;
    private const string P = "presentation-1";

    /// <summary>A live room with the coach, three learners and a manager; Lena presents.</summary>
    private static (FeatureTestRoom Room, FakeTimeProvider Clock) Presenting()
    {
        var clock = new FakeTimeProvider(T0);
        var room = new FeatureTestRoom(clock, Coach, Lena, Liam, Noor, Max);
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot(Lena.UserId, Lena.DisplayName, 5)).Events));
        room.Run(Coach, new StartPresentation(slot.ItemId));
        return (room, clock);
    }

    /// <summary>As <see cref="Presenting"/>, with feedback on Lena's presentation open.</summary>
    private static (FeatureTestRoom Room, FakeTimeProvider Clock) Opened(FeedbackAnonymity anonymity = FeedbackAnonymity.Named, int? autoCloseMinutes = null)
    {
        var (room, clock) = Presenting();
        room.Run(Coach, new OpenFeedback(P, Rubric, anonymity, autoCloseMinutes));
        return (room, clock);
    }

    /// <summary>
    /// Feedback from everyone who may give it: Liam with words, Noor with scores only, Lena on herself and the coach.
    /// Returns Liam's and Noor's submission ids.
    /// </summary>
    private static (FeatureTestRoom Room, long Liams, long Noors) FromEveryone(FeedbackAnonymity anonymity)
    {
        var (room, _) = Opened(anonymity);
        room.Run(Liam, Submit(4, 2, worked: "Clear **structure**", next: "Slow down at the demo"));
        room.Run(Noor, Submit(2, 3));
        room.Run(Lena, SelfAssess(3, 3, worked: "Kept to time"));
        room.Run(Coach, Submit(5, 2, next: "Show the numbers earlier"));
        return (room, Window(room).FindByUser(Liam.UserId)!.Id, Window(room).FindByUser(Noor.UserId)!.Id);
    }

    private static SubmitFeedback Submit(int clarity, int delivery, string? worked = null, string? next = null)
    {
        var answers = new Dictionary<string, string>();
        if (worked is not null)
        {
            answers["worked"] = worked;
        }
        if (next is not null)
        {
            answers["next"] = next;
        }
        return new SubmitFeedback(P, new Dictionary<string, int> { ["clarity"] = clarity, ["delivery"] = delivery }, answers);
    }

    [Fact]
    public void ALearnerJoiningOrLeavingUpdatesTheExpectedCountForStaffAndThePresenterOfOpenWindowsOnly()
    {
        var (room, _) = Opened();
        var theo = new Actor("theo", "Theo", RoomRole.Learner);
        var joined = RunAndDeliver(room, theo, new JoinRoom());
        Assert.Equal([FeedbackAudience.Staff, FeedbackAudience.Presenter], joined.Select(d => d.Update.For!.Value));
        Assert.All(joined, d => Assert.Equal(3, d.Update.View!.Expected));
        Assert.All(joined, d => Assert.Empty(d.Update.View!.Entries!));

        var left = RunAndDeliver(room, theo, new LeaveRoom(LeaveReason.Left));
        Assert.All(left, d => Assert.Equal(2, d.Update.View!.Expected));

        room.Run(Coach, new CloseFeedback(P));
        Assert.Empty(RunAndDeliver(room, theo, new JoinRoom()));
    }

    /// <summary>The presenter's own assessment: the same form, said to be a self-assessment.</summary>
    private static SubmitFeedback SelfAssess(int clarity, int delivery, string? worked = null, string? next = null) =>
        Submit(clarity, delivery, worked, next) with { SelfAssessment = true };

    [Fact]
    public void ThePresenterCannotRateThemselvesAsAPeerAndNobodyElseCanSelfAssess()
    {
        var (room, _) = Opened(FeedbackAnonymity.Named);
        AssertRejected(room.Decide(Lena, Submit(5, 5)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Liam, SelfAssess(5, 5)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Coach, SelfAssess(5, 5)), Rejection.NotAllowed);
        Assert.Equal(FeedbackKind.Self, Submitted(room.Run(Lena, SelfAssess(2, 3))).Kind);
    }

    private static FeedbackWindow Window(FeatureTestRoom room) => room.State.Feature<FeedbackState>().Find(P)!;

    private static FeedbackSubmitted Submitted(Decision decision) => Assert.IsType<FeedbackSubmitted>(Assert.Single(decision.Events));

    private static IReadOnlyList<StoredEvent> LastBatch(FeatureTestRoom room, Decision decision) => [.. room.Log.TakeLast(decision.Events.Count)];

    private static IReadOnlyList<FeedbackDelivery> RunAndDeliver(FeatureTestRoom room, Actor actor, RoomCommand command)
    {
        var decision = room.Run(actor, command);
        return FeedbackViews.Deliveries(room.State, LastBatch(room, decision));
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, EventSerializer.Options);

    private static Viewer Sees(Actor actor) => Viewer.Of(actor);

    private static FeedbackView SnapshotView(RoomState state, Viewer viewer) => Assert.Single(state.ToSnapshot(10, viewer).Part<FeedbackSnapshot>()!.Feedback!);

    // ---- Opening -------------------------------------------------------------------------------------------------

    [Fact]
    public void StaffOpenFeedbackOnAPresentationWithTheRubricThePresenterAndTheDeadline()
    {
        var (room, _) = Presenting();

        var opened = Assert.IsType<FeedbackWindowOpened>(Assert.Single(room.Run(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.AnonymousToPresenter, 10)).Events));

        Assert.Equal(new FeedbackWindowOpened(P, "lena", "Lena", Rubric, FeedbackAnonymity.AnonymousToPresenter, 600, "coach"), opened);
        var window = Window(room);
        Assert.Equal((T0, (DateTimeOffset?)T0.AddMinutes(10), false, false), (window.OpenedAt, window.ClosesAt, window.Closed, window.Released));
        Assert.Equal(("lena", "Lena"), (window.PresenterUserId, window.PresenterName));
        Assert.Same(Rubric, window.Rubric);
    }

    [Fact]
    public void AnAdminMayOpenFeedbackAndAWindowWithoutAutoCloseHasNoDeadline()
    {
        var (room, _) = Presenting();
        var opened = Assert.IsType<FeedbackWindowOpened>(Assert.Single(room.Run(Admin, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)).Events));
        Assert.Equal((null, "admin"), (opened.AutoCloseSeconds, opened.ByUserId));
        Assert.Null(Window(room).ClosesAt);
    }

    [Fact]
    public void OnlyStaffOpenFeedback()
    {
        var (room, _) = Presenting();
        foreach (var actor in new[] { Lena, Liam, Max })
        {
            AssertRejected(room.Decide(actor, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)), Rejection.NotAllowed);
        }
        Assert.Null(room.State.Feature<FeedbackState>().Find(P));
    }

    [Fact]
    public void FeedbackNeedsAPresentationThatWasGivenHere()
    {
        var room = new FeatureTestRoom(new FakeTimeProvider(T0), Coach, Lena);
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)), StageRejections.NoPresentation);

        (room, _) = Presenting();
        AssertRejected(room.Decide(Coach, new OpenFeedback("presentation-2", Rubric, FeedbackAnonymity.Named, null)), StageRejections.NoPresentation);
        AssertRejected(room.Decide(Coach, new OpenFeedback("", Rubric, FeedbackAnonymity.Named, null)), StageRejections.NoPresentation);
    }

    [Fact]
    public void FeedbackCanBeOpenedOnAPresentationThatHasLeftTheStage()
    {
        var (room, _) = Presenting();
        room.Run(Coach, new EndPresentation());
        Assert.Null(room.State.Feature<StageState>().Stage);
        var opened = Assert.IsType<FeedbackWindowOpened>(Assert.Single(room.Run(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)).Events));
        Assert.Equal("lena", opened.PresenterUserId);
    }

    [Fact]
    public void AnEndedRoomRefusesOpeningFeedback()
    {
        var (room, _) = Presenting();
        room.Append(new RoundtableEnded(Coach.UserId));
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)), Rejection.RoomEnded);
    }

    [Fact]
    public void OpeningAgainWhileOpenChangesNothingAndAfterTheCloseIsRefused()
    {
        var (room, _) = Opened();
        AssertAlreadyDone(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.FullyAnonymous, 5)));
        Assert.Equal(FeedbackAnonymity.Named, Window(room).Anonymity);

        room.Run(Coach, new CloseFeedback(P));
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)), FeedbackRejections.FeedbackClosed);
    }

    [Fact]
    public void OpeningAgainPastTheDeadlineIsRefusedEvenBeforeTheCloseIsLogged()
    {
        var (room, clock) = Opened(autoCloseMinutes: 5);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(Window(room).Closed);
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null)), FeedbackRejections.FeedbackClosed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(FeedbackLimits.MaxAutoCloseMinutes + 1)]
    [InlineData(int.MinValue)]
    public void AutoCloseOutsideOneMinuteToADayIsRefused(int minutes)
    {
        var (room, _) = Presenting();
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, minutes)), Rejection.InvalidArgument);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(FeedbackLimits.MaxAutoCloseMinutes)]
    public void AutoCloseFromOneMinuteToADayIsAccepted(int minutes)
    {
        var (room, _) = Presenting();
        var opened = Assert.IsType<FeedbackWindowOpened>(Assert.Single(room.Run(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, minutes)).Events));
        Assert.Equal(minutes * 60, opened.AutoCloseSeconds);
        Assert.Equal(T0.AddMinutes(minutes), Window(room).ClosesAt);
    }

    [Fact]
    public void ARubricWithoutCriteriaOrAnUnknownAnonymityModeIsRefused()
    {
        var (room, _) = Presenting();
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric with { Criteria = [] }, FeedbackAnonymity.Named, null)), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Coach, new OpenFeedback(P, Rubric, (FeedbackAnonymity)7, null)), Rejection.InvalidArgument);
    }

    [Fact]
    public void EveryFeedbackCommandNeedsAnOpenedWindow()
    {
        var (room, _) = Presenting();
        AssertRejected(room.Decide(Liam, Submit(3, 2)), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Coach, new CloseFeedback(P)), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Coach, new ReleaseFeedback(P)), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Lena, new RateFeedback(P, 1, 2)), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Lena, new FlagFeedback(P, 1, "rude")), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Coach, new ModerateFeedback(P, 1, true)), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Lena, new WriteReflection(P, "Learned a lot")), FeedbackRejections.NoFeedbackWindow);
        AssertRejected(room.Decide(Coach, new CloseFeedback(null!)), FeedbackRejections.NoFeedbackWindow);
    }

    // ---- Submitting ----------------------------------------------------------------------------------------------

    [Fact]
    public void ALearnersFeedbackIsPeerFeedbackWithEveryScoreAndRenderedSanitisedAnswersInRubricOrder()
    {
        var (room, _) = Opened();
        var command = new SubmitFeedback(P,
            new Dictionary<string, int> { ["delivery"] = 2, ["clarity"] = 4 },
            new Dictionary<string, string> { ["next"] = "Slow down [here](javascript:alert(1))", ["worked"] = "Clear **structure**" });

        var submitted = Submitted(room.Run(Liam, command));

        Assert.Equal((P, (long?)null, 1, FeedbackKind.Peer, "liam", "Liam"),
            (submitted.PresentationId, submitted.SubmissionId, submitted.Revision, submitted.Kind, submitted.UserId, submitted.DisplayName));
        Assert.Equal(["clarity", "delivery"], submitted.Scores.Keys);
        Assert.Equal([4, 2], submitted.Scores.Values);
        Assert.Equal(["worked", "next"], submitted.Answers.Select(a => a.PromptId));
        Assert.Equal("Clear **structure**", submitted.Answers[0].Markdown);
        Assert.Contains("<strong>structure</strong>", submitted.Answers[0].Html);
        Assert.DoesNotContain("javascript", submitted.Answers[1].Html);

        var window = Window(room);
        var stored = window.FindByUser("liam")!;
        Assert.Equal((room.LastSeq, FeedbackKind.Peer, 1, T0), (stored.Id, stored.Kind, stored.Revision, stored.At));
        Assert.Same(stored, window.Find(room.LastSeq));
        Assert.Equal(1, window.PeerTally.Submissions);
    }

    [Fact]
    public void BlankAnswersAreLeftOutAndNoAnswersAtAllIsFine()
    {
        var (room, _) = Opened();
        var submitted = Submitted(room.Run(Liam, Submit(3, 2, worked: "  \n ", next: "More examples")));
        Assert.Equal(["next"], submitted.Answers.Select(a => a.PromptId));
        Assert.Empty(Submitted(room.Run(Noor, Submit(3, 2))).Answers);
    }

    [Fact]
    public void ThePresentersFeedbackIsSelfTheCoachesIsCoachAndNeitherEntersThePeerTally()
    {
        var (room, _) = Opened();
        Assert.Equal(FeedbackKind.Self, Submitted(room.Run(Lena, SelfAssess(5, 3))).Kind);
        Assert.Equal(FeedbackKind.Coach, Submitted(room.Run(Coach, Submit(1, 1))).Kind);
        Assert.Equal(FeedbackKind.Coach, Submitted(room.Run(Admin, Submit(1, 1))).Kind);
        Assert.Equal(0, Window(room).PeerTally.Submissions);
        Assert.Null(Window(room).PeerTally.ToAggregate().Overall);

        room.Run(Liam, Submit(3, 2));
        var aggregate = Window(room).PeerTally.ToAggregate();
        Assert.Equal(1, aggregate.Submissions);
        Assert.Equal([3.0, 2.0], aggregate.Criteria.Select(c => c.Mean!.Value));
        Assert.Equal(4, Window(room).Submissions.Count());
    }

    [Fact]
    public void AManagerCannotGiveFeedback()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Max, Submit(3, 2)), Rejection.NotAllowed);
    }

    [Fact]
    public void APeerMustBeInTheRoom()
    {
        var (room, _) = Opened();
        var stranger = new Actor("sam", "Sam", RoomRole.Learner);
        AssertRejected(room.Decide(stranger, Submit(3, 2)), Rejection.NotInRoom);

        room.Run(Liam, Submit(3, 2));
        room.Run(Liam, new LeaveRoom(LeaveReason.Left));
        AssertRejected(room.Decide(Liam, Submit(4, 2)), Rejection.NotInRoom);
    }

    [Fact]
    public void EveryCriterionMustBeScored()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Liam, new SubmitFeedback(P, new Dictionary<string, int> { ["clarity"] = 3 }, new Dictionary<string, string>())), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Liam, new SubmitFeedback(P, new Dictionary<string, int>(), new Dictionary<string, string> { ["worked"] = "All of it" })), Rejection.InvalidArgument);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(6, 2)]
    [InlineData(-1, 2)]
    [InlineData(3, 4)]
    [InlineData(3, 0)]
    [InlineData(int.MaxValue, 1)]
    public void ScoresOutsideACriterionsScaleAreRefused(int clarity, int delivery)
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Liam, Submit(clarity, delivery)), Rejection.InvalidArgument);
        Assert.Empty(Window(room).Submissions);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    public void ScoresAtTheEndsOfTheScaleAreAccepted(int clarity, int delivery)
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(clarity, delivery));
    }

    [Fact]
    public void AScoreForACriterionTheRubricDoesNotHaveIsRefused()
    {
        var (room, _) = Opened();
        var scores = new Dictionary<string, int> { ["clarity"] = 3, ["delivery"] = 2, ["humour"] = 1 };
        AssertRejected(room.Decide(Liam, new SubmitFeedback(P, scores, new Dictionary<string, string>())), Rejection.InvalidArgument);
    }

    [Fact]
    public void AnAnswerToAPromptTheRubricDoesNotHaveIsRefused()
    {
        var (room, _) = Opened();
        var scores = new Dictionary<string, int> { ["clarity"] = 3, ["delivery"] = 2 };
        AssertRejected(room.Decide(Liam, new SubmitFeedback(P, scores, new Dictionary<string, string> { ["worked"] = "Pace", ["jokes"] = "None" })), Rejection.InvalidArgument);
        AssertRejected(room.Decide(Liam, new SubmitFeedback(P, scores, new Dictionary<string, string> { ["jokes"] = "" })), Rejection.InvalidArgument);
    }

    [Fact]
    public void AnAnswerOverFourKilobytesOfUtf8IsRefused()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Liam, Submit(3, 2, worked: new string('a', FeedbackLimits.MaxAnswerBytes + 1))), Rejection.MessageTooLarge);
        // 1,366 characters, but three bytes each.
        AssertRejected(room.Decide(Liam, Submit(3, 2, next: new string('€', 1366))), Rejection.MessageTooLarge);

        room.Run(Liam, Submit(3, 2, worked: new string('a', FeedbackLimits.MaxAnswerBytes), next: new string('€', 1365)));
    }

    [Fact]
    public void AClosedWindowOrAnEndedRoomRefusesFeedback()
    {
        var (room, _) = Opened();
        room.Run(Coach, new CloseFeedback(P));
        AssertRejected(room.Decide(Liam, Submit(3, 2)), FeedbackRejections.FeedbackClosed);
        AssertRejected(room.Decide(Coach, Submit(3, 2)), FeedbackRejections.FeedbackClosed);

        (room, _) = Opened();
        room.Append(new RoundtableEnded(Coach.UserId));
        AssertRejected(room.Decide(Liam, Submit(3, 2)), FeedbackRejections.FeedbackClosed);
    }

    [Fact]
    public void PastTheDeadlineFeedbackIsRefusedBeforeAnyCloseIsLogged()
    {
        var (room, clock) = Opened(autoCloseMinutes: 10);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        room.Run(Liam, Submit(3, 2));

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(Window(room).Closed);
        AssertRejected(room.Decide(Noor, Submit(3, 2)), FeedbackRejections.FeedbackClosed);
        AssertRejected(room.Decide(Liam, Submit(4, 2)), FeedbackRejections.FeedbackClosed);
        AssertRejected(room.Decide(Lena, SelfAssess(4, 2)), FeedbackRejections.FeedbackClosed);
    }

    [Fact]
    public void ARevisionKeepsTheSubmissionIdBumpsTheRevisionAndReplacesTheScores()
    {
        var (room, clock) = Opened();
        room.Run(Liam, Submit(1, 1, worked: "Slides"));
        var id = room.LastSeq;
        room.Run(Noor, Submit(3, 3));

        clock.Advance(TimeSpan.FromMinutes(2));
        var second = Submitted(room.Run(Liam, Submit(5, 1, worked: "Slides")));
        var third = Submitted(room.Run(Liam, Submit(5, 1, worked: "Slides and pace")));

        Assert.Equal(((long?)id, 2), (second.SubmissionId, second.Revision));
        Assert.Equal(((long?)id, 3), (third.SubmissionId, third.Revision));
        var liams = Window(room).FindByUser("liam")!;
        Assert.Equal((id, 3, T0.AddMinutes(2)), (liams.Id, liams.Revision, liams.At));
        Assert.Equal("Slides and pace", Assert.Single(liams.Answers).Markdown);
        Assert.Equal(2, Window(room).Submissions.Count());

        var aggregate = Window(room).PeerTally.ToAggregate();
        Assert.Equal(2, aggregate.Submissions);
        Assert.Equal([4.0, 2.0], aggregate.Criteria.Select(c => c.Mean!.Value));
        Assert.Equal([0, 0, 1, 0, 1], aggregate.Criteria[0].Distribution);
    }

    [Fact]
    public void SendingTheSameFeedbackAgainChangesNothing()
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(4, 2, worked: "Pace", next: "Examples"));

        var sameInAnotherOrder = new SubmitFeedback(P,
            new Dictionary<string, int> { ["delivery"] = 2, ["clarity"] = 4 },
            new Dictionary<string, string> { ["next"] = "Examples", ["worked"] = "Pace" });
        AssertAlreadyDone(room.Decide(Liam, sameInAnotherOrder));
        AssertAlreadyDone(room.Decide(Liam, Submit(4, 2, worked: "Pace", next: "Examples") with
        {
            Answers = new Dictionary<string, string> { ["worked"] = "Pace", ["next"] = "Examples" },
        }));

        Assert.Equal(2, Submitted(room.Run(Liam, Submit(4, 2, worked: "Pace"))).Revision);
        Assert.Equal(3, Submitted(room.Run(Liam, Submit(4, 3, worked: "Pace"))).Revision);
    }

    [Fact]
    public void RandomSubmissionsAndRevisionsLeaveThePeerTallyEqualToARecountOfEachPeersLatestFeedback()
    {
        var random = new Random(20260901);
        var learners = Enumerable.Range(1, 8).Select(i => new Actor($"learner{i}", $"Learner {i}", RoomRole.Learner)).ToArray();
        var clock = new FakeTimeProvider(T0);
        var room = new FeatureTestRoom(clock, [Coach, Lena, .. learners]);
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot("lena", "Lena", 5)).Events));
        room.Run(Coach, new StartPresentation(slot.ItemId));
        room.Run(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.FullyAnonymous, null));
        var givers = learners.Append(Lena).Append(Coach).ToArray();

        for (var step = 0; step < 200; step++)
        {
            var giver = givers[random.Next(givers.Length)];
            var command = Submit(random.Next(1, 6), random.Next(1, 4)) with { SelfAssessment = giver == Lena };
            var decision = room.Decide(giver, command);
            Assert.True(decision.Accepted, decision.Reason);
            foreach (var e in decision.Events)
            {
                room.Append(e);
            }
        }

        var window = Window(room);
        var latestPeer = window.Submissions.Where(s => s.Kind == FeedbackKind.Peer).Select(s => s.Scores);
        FeedbackTallyTests.AssertSameAggregate(FeedbackTallyTests.Recompute(Rubric, latestPeer), window.PeerTally.ToAggregate());
        FeedbackTallyTests.AssertSameAggregate(window.PeerTally.ToAggregate(), room.Replayed().Feature<FeedbackState>().Find(P)!.PeerTally.ToAggregate());

        // The latest revision in the log is what each giver's submission holds.
        var lastInLog = room.Log.Select(s => s.Event).OfType<FeedbackSubmitted>().GroupBy(e => e.UserId!).ToDictionary(g => g.Key, g => g.Last());
        foreach (var submission in window.Submissions)
        {
            var last = lastInLog[submission.UserId];
            Assert.Equal(last.Revision, submission.Revision);
            Assert.Equal(last.Scores, submission.Scores);
        }
        Assert.Equal(lastInLog.Count(pair => pair.Value.Kind == FeedbackKind.Peer), window.PeerTally.Submissions);
    }

    // ---- Closing and releasing -----------------------------------------------------------------------------------

    [Fact]
    public void OnlyStaffCloseAWindowBeforeItsDeadline()
    {
        var (room, _) = Opened(autoCloseMinutes: 10);
        foreach (var actor in new[] { Lena, Liam, Max })
        {
            AssertRejected(room.Decide(actor, new CloseFeedback(P)), Rejection.NotAllowed);
        }

        Assert.Equal(new FeedbackWindowClosed(P, "coach"), Assert.Single(room.Run(Coach, new CloseFeedback(P)).Events));
        Assert.True(Window(room).Closed);
        AssertAlreadyDone(room.Decide(Admin, new CloseFeedback(P)));
        AssertAlreadyDone(room.Decide(Liam, new CloseFeedback(P)));
    }

    [Theory]
    [InlineData("liam")]
    [InlineData("max")]
    [InlineData("lena")]
    [InlineData("coach")]
    public void PastTheDeadlineAnyoneMayLogTheCloseAndItIsNobodysClose(string who)
    {
        var actor = new[] { Liam, Max, Lena, Coach }.Single(a => a.UserId == who);
        var (room, clock) = Opened(autoCloseMinutes: 3);
        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(new FeedbackWindowClosed(P, null), Assert.Single(room.Run(actor, new CloseFeedback(P)).Events));
        Assert.True(Window(room).Closed);
        AssertAlreadyDone(room.Decide(actor, new CloseFeedback(P)));
    }

    [Fact]
    public void ClosingInAnEndedRoomChangesNothing()
    {
        var (room, _) = Opened();
        room.Append(new RoundtableEnded(Coach.UserId));
        AssertAlreadyDone(room.Decide(Coach, new CloseFeedback(P)));
    }

    [Fact]
    public void OnlyStaffReleaseTheAggregateToThePeersOnce()
    {
        var (room, _) = Opened();
        foreach (var actor in new[] { Lena, Liam, Max })
        {
            AssertRejected(room.Decide(actor, new ReleaseFeedback(P)), Rejection.NotAllowed);
        }
        room.Run(Coach, new CloseFeedback(P));

        Assert.Equal(new FeedbackReleased(P, "admin", Lena.UserId), Assert.Single(room.Run(Admin, new ReleaseFeedback(P)).Events));
        Assert.True(Window(room).Released);
        AssertAlreadyDone(room.Decide(Coach, new ReleaseFeedback(P)));
    }

    [Fact]
    public void ReleasingAnOpenWindowLeavesItOpen()
    {
        var (room, _) = Opened(autoCloseMinutes: 10);
        Assert.Equal(new FeedbackReleased(P, "coach", Lena.UserId), Assert.Single(room.Run(Coach, new ReleaseFeedback(P)).Events));
        Assert.False(Window(room).Closed);
        room.Run(Liam, Submit(3, 2));
    }

    [Fact]
    public void ReleasingPastTheDeadlineAlsoLogsTheClose()
    {
        var (room, clock) = Opened(autoCloseMinutes: 10);
        clock.Advance(TimeSpan.FromMinutes(11));

        var events = room.Run(Coach, new ReleaseFeedback(P)).Events;

        Assert.Equal([new FeedbackWindowClosed(P, null), (RoomEvent)new FeedbackReleased(P, "coach", Lena.UserId)], events);
        Assert.True(Window(room).Closed);
    }

    // ---- Rating, flagging, moderating ----------------------------------------------------------------------------

    [Fact]
    public void OnlyThePresenterRatesHowHelpfulPeerFeedbackWas()
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(3, 2, worked: "Pace"));
        var id = room.LastSeq;
        foreach (var actor in new[] { Liam, Noor, Coach, Max })
        {
            AssertRejected(room.Decide(actor, new RateFeedback(P, id, 2)), Rejection.NotAllowed);
        }

        Assert.Equal(new FeedbackRated(P, id, 3), Assert.Single(room.Run(Lena, new RateFeedback(P, id, 3)).Events));
        Assert.Equal(3, Window(room).Find(id)!.Helpfulness);
        AssertAlreadyDone(room.Decide(Lena, new RateFeedback(P, id, 3)));
        room.Run(Lena, new RateFeedback(P, id, 1));
        Assert.Equal(1, Window(room).Find(id)!.Helpfulness);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(FeedbackLimits.MaxHelpfulness + 1)]
    public void HelpfulnessOutsideOneToThreeIsRefused(int helpfulness)
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(3, 2));
        AssertRejected(room.Decide(Lena, new RateFeedback(P, room.LastSeq, helpfulness)), Rejection.InvalidArgument);
    }

    [Fact]
    public void OnlyPeerFeedbackCanBeRatedFlaggedOrModerated()
    {
        var (room, _) = Opened();
        room.Run(Lena, SelfAssess(3, 2));
        var self = room.LastSeq;
        room.Run(Coach, Submit(3, 2));
        var coach = room.LastSeq;

        foreach (var id in new[] { self, coach, 999, room.LastSeq - 2 })
        {
            AssertRejected(room.Decide(Lena, new RateFeedback(P, id, 2)), FeedbackRejections.UnknownFeedback);
            AssertRejected(room.Decide(Lena, new FlagFeedback(P, id, "rude")), FeedbackRejections.UnknownFeedback);
            AssertRejected(room.Decide(Coach, new ModerateFeedback(P, id, true)), FeedbackRejections.UnknownFeedback);
        }
    }

    [Fact]
    public void OnlyThePresenterFlagsFeedbackAndTheReasonIsTrimmedAndShort()
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(3, 2, worked: "Meh"));
        var id = room.LastSeq;
        foreach (var actor in new[] { Liam, Noor, Coach, Max })
        {
            AssertRejected(room.Decide(actor, new FlagFeedback(P, id, "rude")), Rejection.NotAllowed);
        }
        AssertRejected(room.Decide(Lena, new FlagFeedback(P, id, new string('r', FeedbackLimits.MaxFlagReasonLength + 1))), Rejection.InvalidArgument);

        Assert.Equal(new FeedbackFlagged(P, id, "Unkind"), Assert.Single(room.Run(Lena, new FlagFeedback(P, id, "  Unkind  ")).Events));
        Assert.Equal("Unkind", Window(room).Find(id)!.FlagReason);
        AssertAlreadyDone(room.Decide(Lena, new FlagFeedback(P, id, "Still unkind")));
    }

    [Fact]
    public void OnlyStaffModerateAndHidingSettlesTheFlag()
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(3, 2, worked: "Meh"));
        var id = room.LastSeq;
        room.Run(Lena, new FlagFeedback(P, id, "Unkind"));
        foreach (var actor in new[] { Lena, Liam, Max })
        {
            AssertRejected(room.Decide(actor, new ModerateFeedback(P, id, true)), Rejection.NotAllowed);
        }

        Assert.Equal(new FeedbackModerated(P, id, true, "coach"), Assert.Single(room.Run(Coach, new ModerateFeedback(P, id, true)).Events));
        var submission = Window(room).Find(id)!;
        Assert.Equal((true, (string?)null), (submission.Hidden, submission.FlagReason));
        AssertAlreadyDone(room.Decide(Admin, new ModerateFeedback(P, id, true)));
        AssertAlreadyDone(room.Decide(Lena, new FlagFeedback(P, id, "Again")));

        room.Run(Admin, new ModerateFeedback(P, id, false));
        Assert.False(submission.Hidden);
    }

    [Fact]
    public void KeepingFlaggedFeedbackVisibleStillSettlesTheFlag()
    {
        var (room, _) = Opened();
        room.Run(Liam, Submit(3, 2, worked: "Direct"));
        var id = room.LastSeq;
        AssertAlreadyDone(room.Decide(Coach, new ModerateFeedback(P, id, false)));
        room.Run(Lena, new FlagFeedback(P, id, "Harsh"));

        Assert.Equal(new FeedbackModerated(P, id, false, "coach"), Assert.Single(room.Run(Coach, new ModerateFeedback(P, id, false)).Events));
        Assert.Equal((false, (string?)null), (Window(room).Find(id)!.Hidden, Window(room).Find(id)!.FlagReason));
    }

    // ---- Reflection ----------------------------------------------------------------------------------------------

    [Fact]
    public void OnlyThePresenterWritesAReflectionAndOnlyOnceFeedbackHasClosed()
    {
        var (room, _) = Opened();
        AssertRejected(room.Decide(Lena, new WriteReflection(P, "Slow down")), Rejection.InvalidArgument);
        room.Run(Coach, new CloseFeedback(P));
        foreach (var actor in new[] { Liam, Coach, Max })
        {
            AssertRejected(room.Decide(actor, new WriteReflection(P, "Slow down")), Rejection.NotAllowed);
        }

        var written = Assert.IsType<ReflectionWritten>(Assert.Single(room.Run(Lena, new WriteReflection(P, "Slow **down** <script>x</script>")).Events));

        Assert.Equal((P, "lena", "Slow **down** <script>x</script>"), (written.PresentationId, written.UserId, written.Markdown));
        Assert.Contains("<strong>down</strong>", written.Html);
        Assert.DoesNotContain("<script", written.Html);
        Assert.Equal(("Slow **down** <script>x</script>", written.Html, T0), (Window(room).Reflection!.Markdown, Window(room).Reflection!.Html, Window(room).Reflection!.At));
        AssertAlreadyDone(room.Decide(Lena, new WriteReflection(P, "Slow **down** <script>x</script>")));
        room.Run(Lena, new WriteReflection(P, "Slow down, and show the numbers earlier."));
        Assert.Equal("Slow down, and show the numbers earlier.", Window(room).Reflection!.Markdown);
    }

    [Fact]
    public void AReflectionMayBeWrittenOnceTheRoomHasEndedWithoutAClose()
    {
        var (room, _) = Opened();
        room.Append(new RoundtableEnded(Coach.UserId));
        Assert.IsType<ReflectionWritten>(Assert.Single(room.Run(Lena, new WriteReflection(P, "Good session")).Events));
    }

    [Fact]
    public void AReflectionPastTheDeadlineAlsoLogsTheClose()
    {
        var (room, clock) = Opened(autoCloseMinutes: 1);
        AssertRejected(room.Decide(Lena, new WriteReflection(P, "Too early")), Rejection.InvalidArgument);
        clock.Advance(TimeSpan.FromMinutes(1));

        var events = room.Run(Lena, new WriteReflection(P, "On time")).Events;

        Assert.Equal([typeof(FeedbackWindowClosed), typeof(ReflectionWritten)], events.Select(e => e.GetType()));
        Assert.Null(((FeedbackWindowClosed)events[0]).ByUserId);
        Assert.True(Window(room).Closed);
    }

    [Fact]
    public void AnEmptyOrOversizedReflectionIsRefused()
    {
        var (room, _) = Opened();
        room.Run(Coach, new CloseFeedback(P));
        AssertRejected(room.Decide(Lena, new WriteReflection(P, "")), Rejection.EmptyMessage);
        AssertRejected(room.Decide(Lena, new WriteReflection(P, " \n\t ")), Rejection.EmptyMessage);
        AssertRejected(room.Decide(Lena, new WriteReflection(P, new string('a', FeedbackLimits.MaxReflectionBytes + 1))), Rejection.MessageTooLarge);
        AssertRejected(room.Decide(Lena, new WriteReflection(P, new string('é', FeedbackLimits.MaxReflectionBytes / 2 + 1))), Rejection.MessageTooLarge);
        room.Run(Lena, new WriteReflection(P, new string('a', FeedbackLimits.MaxReflectionBytes)));
    }

    // ---- Views and anonymity -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(FeedbackAnonymity.Named, true, true)]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter, true, false)]
    [InlineData(FeedbackAnonymity.FullyAnonymous, false, false)]
    public void NamesShowExactlyWhereTheAnonymityModeAllows(FeedbackAnonymity anonymity, bool staffSeeNames, bool presenterSeesNames)
    {
        var (room, liams, noors) = FromEveryone(anonymity);
        var (state, window) = (room.State, Window(room));

        var staff = FeedbackViews.For(state, window, FeedbackAudience.Staff, null);
        Assert.Equal(4, staff.Entries!.Count);
        var liamToStaff = staff.Entries.Single(e => e.SubmissionId == liams);
        var noorToStaff = staff.Entries.Single(e => e.SubmissionId == noors);
        Assert.Equal(staffSeeNames ? ("liam", "Liam") : (null, null), (liamToStaff.UserId, liamToStaff.DisplayName));
        Assert.Equal(staffSeeNames ? ("noor", "Noor") : (null, null), (noorToStaff.UserId, noorToStaff.DisplayName));
        Assert.Equal(("lena", "Lena"), Named(staff, FeedbackKind.Self));
        Assert.Equal(("coach", "Cora"), Named(staff, FeedbackKind.Coach));

        var presenter = FeedbackViews.For(state, window, FeedbackAudience.Presenter, null);
        var liamToPresenter = presenter.Entries!.Single(e => e.SubmissionId == liams);
        Assert.Equal(presenterSeesNames ? ("liam", "Liam") : (null, null), (liamToPresenter.UserId, liamToPresenter.DisplayName));
        Assert.Equal(("lena", "Lena"), Named(presenter, FeedbackKind.Self));
        Assert.Equal(("coach", "Cora"), Named(presenter, FeedbackKind.Coach));

        var peers = FeedbackViews.For(state, window, FeedbackAudience.Peers, null);
        Assert.Null(peers.Entries);

        // A snapshot shows each viewer their audience's view.
        Assert.Equal(Json(staff), Json(SnapshotView(state, Sees(Coach))));
        Assert.Equal(Json(staff), Json(SnapshotView(state, Viewer.Staff)));
        Assert.Equal(Json(presenter), Json(SnapshotView(state, Sees(Lena))));
        Assert.Equal(Json(peers), Json(SnapshotView(state, Sees(Noor))));
        Assert.Equal(Json(peers), Json(SnapshotView(state, Sees(Max))));
        Assert.Equal(Json(peers), Json(SnapshotView(state, Viewer.Participants)));
    }

    private static (string? UserId, string? DisplayName) Named(FeedbackView view, FeedbackKind kind)
    {
        var entry = view.Entries!.Single(e => e.Kind == kind);
        return (entry.UserId, entry.DisplayName);
    }

    [Theory]
    [InlineData(FeedbackAnonymity.Named)]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter)]
    [InlineData(FeedbackAnonymity.FullyAnonymous)]
    public void StaffSeeEveryScoreAndAnswerThePresenterSeesPeersWordsButOnlyTheAggregateOfTheirScores(FeedbackAnonymity anonymity)
    {
        var (room, liams, noors) = FromEveryone(anonymity);
        var (state, window) = (room.State, Window(room));

        var staff = FeedbackViews.For(state, window, FeedbackAudience.Staff, null);
        var liamToStaff = staff.Entries!.Single(e => e.SubmissionId == liams);
        Assert.Equal(new Dictionary<string, int> { ["clarity"] = 4, ["delivery"] = 2 }, liamToStaff.Scores);
        Assert.Equal(["Clear **structure**", "Slow down at the demo"], liamToStaff.Answers.Select(a => a.Markdown));
        Assert.NotNull(staff.Entries!.Single(e => e.SubmissionId == noors).Scores);

        var presenter = FeedbackViews.For(state, window, FeedbackAudience.Presenter, null);
        var liamToPresenter = presenter.Entries!.Single(e => e.SubmissionId == liams);
        Assert.Null(liamToPresenter.Scores);
        Assert.Equal(["Clear **structure**", "Slow down at the demo"], liamToPresenter.Answers.Select(a => a.Markdown));
        Assert.DoesNotContain(presenter.Entries!, e => e.SubmissionId == noors);
        Assert.All(presenter.Entries!.Where(e => e.Kind != FeedbackKind.Peer), e => Assert.NotNull(e.Scores));
        Assert.Equal(3, presenter.Entries!.Count);

        foreach (var view in new[] { staff, presenter })
        {
            Assert.Equal((2, 2), (view.Submitted, view.Expected));
            FeedbackTallyTests.AssertSameAggregate(
                FeedbackTallyTests.Recompute(Rubric, [Submit(4, 2).Scores, Submit(2, 3).Scores]), view.Aggregate!);
        }
    }

    [Fact]
    public void PeersSeeTheWindowButNoAggregateUntilItIsReleased()
    {
        var (room, _, _) = FromEveryone(FeedbackAnonymity.Named);
        var noor = SnapshotView(room.State, Sees(Noor));
        Assert.Equal((P, "lena", false, false), (noor.PresentationId, noor.PresenterUserId, noor.Closed, noor.Released));
        Assert.Equal(Rubric, noor.Rubric);
        Assert.Null(noor.Submitted);
        Assert.Null(noor.Expected);
        Assert.Null(noor.Aggregate);
        Assert.Null(noor.Entries);

        room.Run(Coach, new CloseFeedback(P));
        Assert.Null(SnapshotView(room.State, Sees(Noor)).Aggregate);
        Assert.True(SnapshotView(room.State, Sees(Noor)).Closed);

        room.Run(Coach, new ReleaseFeedback(P));
        noor = SnapshotView(room.State, Sees(Noor));
        Assert.True(noor.Released);
        Assert.Equal((2, 2), (noor.Submitted, noor.Expected));
        Assert.Equal(Json(Window(room).PeerTally.ToAggregate()), Json(noor.Aggregate));
        Assert.Null(noor.Entries);
        Assert.Null(noor.Reflection);
    }

    [Fact]
    public void AnEndedRoomShowsEveryWindowAsClosed()
    {
        var (room, _) = Opened();
        room.Append(new RoundtableEnded(Coach.UserId));
        Assert.False(Window(room).Closed);
        Assert.All(new[] { Sees(Coach), Sees(Lena), Sees(Noor) }, viewer => Assert.True(SnapshotView(room.State, viewer).Closed));
    }

    [Fact]
    public void ExpectedPeersAreTheLearnersHereBesidesThePresenterAndThoseWhoGaveFeedbackAndLeft()
    {
        var (room, _) = Opened();
        Assert.Equal(2, room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)));
        room.Run(Liam, Submit(3, 2));
        room.Run(Lena, SelfAssess(3, 2));
        Assert.Equal(2, room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)));
        room.Run(Liam, new LeaveRoom(LeaveReason.Disconnected));
        Assert.Equal(2, room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)));
        room.Run(Noor, new LeaveRoom(LeaveReason.Left));
        Assert.Equal(1, room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)));
        room.Run(new Actor("sam", "Sam", RoomRole.Learner), new JoinRoom());
        Assert.Equal(2, room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)));
    }

    [Fact]
    public void HiddenFeedbackReachesThePresenterWithoutItsWordsWhileStaffStillSeeThem()
    {
        var (room, liams, noors) = FromEveryone(FeedbackAnonymity.Named);
        room.Run(Coach, new ModerateFeedback(P, liams, true));
        room.Run(Coach, new ModerateFeedback(P, noors, true));

        var presenter = SnapshotView(room.State, Sees(Lena));
        var liamToPresenter = presenter.Entries!.Single(e => e.SubmissionId == liams);
        Assert.True(liamToPresenter.Hidden);
        Assert.Empty(liamToPresenter.Answers);
        Assert.Null(liamToPresenter.Scores);
        var noorToPresenter = presenter.Entries!.Single(e => e.SubmissionId == noors);
        Assert.Equal((true, 0), (noorToPresenter.Hidden, noorToPresenter.Answers.Count));
        Assert.DoesNotContain("structure", Json(presenter));

        var liamToStaff = SnapshotView(room.State, Sees(Coach)).Entries!.Single(e => e.SubmissionId == liams);
        Assert.True(liamToStaff.Hidden);
        Assert.Equal(2, liamToStaff.Answers.Count);
    }

    // ---- Comments held for review, and the aggregate on the stage ------------------------------------------------

    private static FeatureTestRoom HeldForReview()
    {
        var (room, _) = Presenting();
        room.Run(Coach, new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, null, FeedbackModeration.HeldForReview));
        return room;
    }

    [Fact]
    public void HeldWordsReachThePresenterOnlyOnceApprovedAndNewWordsInARevisionAreHeldAgain()
    {
        var room = HeldForReview();
        Assert.Equal(FeedbackModeration.HeldForReview, Window(room).Moderation);
        room.Run(Liam, Submit(4, 2, worked: "First take"));
        var liams = Window(room).FindByUser(Liam.UserId)!.Id;

        // The scores count at once; the words wait. Staff and the giver are told so.
        var presenter = SnapshotView(room.State, Sees(Lena));
        Assert.Equal(1, presenter.Submitted);
        Assert.Empty(presenter.Entries!);
        Assert.DoesNotContain("First take", Json(presenter));
        Assert.True(SnapshotView(room.State, Sees(Coach)).Entries!.Single(e => e.SubmissionId == liams).Held);
        Assert.True(room.State.ToSnapshot(10, Sees(Liam)).Part<FeedbackSnapshot>()!.MyFeedback!.Single().Held);

        var approved = RunAndDeliver(room, Coach, new ApproveFeedback(P, [liams]));
        var toPresenter = approved.Single(d => d.UserId == Lena.UserId).Update.View!.Entries!.Single();
        Assert.Equal("First take", Assert.Single(toPresenter.Answers).Markdown);
        Assert.False(toPresenter.Held);
        Assert.Contains(approved, d => d.UserId == Liam.UserId && d.Update.Mine is { Held: false });

        // New words are held again while the approved ones stay; the same words with other scores are not.
        var revised = RunAndDeliver(room, Liam, Submit(3, 2, worked: "Second take"));
        Assert.DoesNotContain("Second take", Json(revised.Where(d => d.UserId == Lena.UserId).ToList()));
        Assert.Equal("First take", Assert.Single(SnapshotView(room.State, Sees(Lena)).Entries!.Single().Answers).Markdown);
        Assert.True(Window(room).FindByUser(Liam.UserId)!.Held);
        room.Run(Coach, new ApproveFeedback(P, null));
        room.Run(Liam, Submit(5, 3, worked: "Second take"));
        Assert.False(Window(room).FindByUser(Liam.UserId)!.Held);
        Assert.Equal("Second take", Assert.Single(SnapshotView(room.State, Sees(Lena)).Entries!.Single().Answers).Markdown);
    }

    [Fact]
    public void ReleaseAllApprovesEveryHeldCommentButNotHiddenOnesAndOnlyStaffApprove()
    {
        var room = HeldForReview();
        room.Run(Liam, Submit(4, 2, worked: "Kind words"));
        room.Run(Noor, Submit(2, 2, next: "Unkind words"));
        room.Run(Noor, new LeaveRoom(LeaveReason.Left));
        var (liams, noors) = (Window(room).FindByUser(Liam.UserId)!.Id, Window(room).FindByUser(Noor.UserId)!.Id);

        AssertRejected(room.Decide(Liam, new ApproveFeedback(P, null)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Lena, new ApproveFeedback(P, [liams])), Rejection.NotAllowed);
        AssertRejected(room.Decide(Coach, new ApproveFeedback(P, [99_999])), FeedbackRejections.UnknownFeedback);

        // In both modes a coach may hide any peer's comment, flagged or not.
        room.Run(Coach, new ModerateFeedback(P, noors, true));
        AssertRejected(room.Decide(Coach, new ApproveFeedback(P, [noors])), Rejection.InvalidArgument);
        var all = Assert.IsType<FeedbackApproved>(Assert.Single(room.Run(Coach, new ApproveFeedback(P, null)).Events));
        Assert.Equal([liams], all.SubmissionIds);
        Assert.Empty(room.Decide(Coach, new ApproveFeedback(P, null)).Events);

        var presenter = SnapshotView(room.State, Sees(Lena));
        Assert.Contains("Kind words", Json(presenter));
        Assert.DoesNotContain("Unkind words", Json(presenter));

        // Showing a hidden comment again is the coach's approval of it.
        room.Run(Coach, new ModerateFeedback(P, noors, false));
        Assert.Contains("Unkind words", Json(SnapshotView(room.State, Sees(Lena))));
    }

    [Fact]
    public void WordsShownAtOnceAreNeverHeldAndACoachMayHideAnyOfThem()
    {
        var (room, liams, _) = FromEveryone(FeedbackAnonymity.Named);
        Assert.All(Window(room).Submissions, s => Assert.False(s.Held));
        Assert.IsType<FeedbackModerated>(Assert.Single(room.Run(Coach, new ModerateFeedback(P, liams, true)).Events));
        Assert.Empty(room.Decide(Coach, new ApproveFeedback(P, null)).Events);
    }

    [Fact]
    public void TheAggregateOnTheStageReachesThePeersWithoutCommentsOneWindowAtATime()
    {
        var (room, _, _) = FromEveryone(FeedbackAnonymity.Named);
        Assert.Null(SnapshotView(room.State, Sees(Noor)).Aggregate);
        AssertRejected(room.Decide(Lena, new ShowFeedbackOnStage(P, true)), Rejection.NotAllowed);
        AssertRejected(room.Decide(Liam, new ShowFeedbackOnStage(P, true)), Rejection.NotAllowed);

        var shown = RunAndDeliver(room, Coach, new ShowFeedbackOnStage(P, true));
        var toPeers = shown.Single(d => d.Audience == RoomAudience.Participants).Update.View!;
        Assert.True(toPeers.OnStage);
        Assert.Equal(2, toPeers.Aggregate!.Submissions);
        Assert.Null(toPeers.Entries);
        Assert.True(SnapshotView(room.State, Sees(Noor)).OnStage);
        Assert.Empty(room.Decide(Coach, new ShowFeedbackOnStage(P, true)).Events);

        // A peer's new feedback moves the aggregate on everyone's stage.
        room.Run(new Actor("sam", "Sam", RoomRole.Learner), new JoinRoom());
        var moved = RunAndDeliver(room, new Actor("sam", "Sam", RoomRole.Learner), Submit(1, 1));
        Assert.Equal(3, moved.Single(d => d.Audience == RoomAudience.Participants).Update.View!.Aggregate!.Submissions);

        // Another presentation's aggregate takes its place.
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot(Liam.UserId, Liam.DisplayName, 5)).Events));
        room.Run(Coach, new StartPresentation(slot.ItemId));
        room.Run(Coach, new OpenFeedback("presentation-2", Rubric, FeedbackAnonymity.Named, null));
        Assert.Equal(
            [new FeedbackStageShown(P, false, "coach"), new FeedbackStageShown("presentation-2", true, "coach")],
            room.Run(Coach, new ShowFeedbackOnStage("presentation-2", true)).Events);
        Assert.Equal("presentation-2", room.State.Feature<FeedbackState>().OnStage!.PresentationId);

        var down = RunAndDeliver(room, Coach, new ShowFeedbackOnStage("presentation-2", false));
        Assert.False(down.Single(d => d.Audience == RoomAudience.Participants).Update.View!.OnStage);
        Assert.Null(room.State.Feature<FeedbackState>().OnStage);
        Assert.All(room.State.ToSnapshot(10, Sees(Noor)).Part<FeedbackSnapshot>()!.Feedback, v => Assert.Null(v.Aggregate));
    }

    [Fact]
    public void AWindowLoggedBeforeModerationWasAChoiceShowsCommentsAtOnce()
    {
        var stored = System.Text.Json.Nodes.JsonNode.Parse(EventSerializer.Serialize(
            new FeedbackWindowOpened(P, "lena", "Lena", Rubric, FeedbackAnonymity.Named, null, "coach", FeedbackModeration.HeldForReview)))!.AsObject();
        Assert.True(stored.Remove("moderation"));
        var opened = Assert.IsType<FeedbackWindowOpened>(EventSerializer.Deserialize(stored.ToJsonString()));
        Assert.Equal(FeedbackModeration.ShownAtOnce, opened.Moderation);
    }

    [Fact]
    public void FlagsAndRatingsShowWhereTheyBelongAndTheReasonOnlyToStaff()
    {
        var (room, liams, _) = FromEveryone(FeedbackAnonymity.AnonymousToPresenter);
        room.Run(Lena, new RateFeedback(P, liams, 2));
        room.Run(Lena, new FlagFeedback(P, liams, "Unkind"));
        var flag = room.Log[^1];

        var toStaff = SnapshotView(room.State, Sees(Coach)).Entries!.Single(e => e.SubmissionId == liams);
        Assert.Equal((2, true, "Unkind"), (toStaff.Helpfulness, toStaff.Flagged, toStaff.FlagReason));
        var toPresenter = SnapshotView(room.State, Sees(Lena)).Entries!.Single(e => e.SubmissionId == liams);
        Assert.Equal((2, true, (string?)null), (toPresenter.Helpfulness, toPresenter.Flagged, toPresenter.FlagReason));
        var liamsOwn = Assert.Single(room.State.ToSnapshot(10, Sees(Liam)).Part<FeedbackSnapshot>()!.MyFeedback!);
        Assert.Equal((liams, 2, (string?)null), (liamsOwn.SubmissionId, liamsOwn.Helpfulness, liamsOwn.FlagReason));

        Assert.Equal("Unkind", Assert.IsType<FeedbackFlagged>(room.State.View(flag, Viewer.Staff)).Reason);
        Assert.Equal("", Assert.IsType<FeedbackFlagged>(room.State.View(flag, Sees(Lena))).Reason);
        Assert.Equal("", Assert.IsType<FeedbackFlagged>(room.State.View(flag, Sees(Liam))).Reason);
    }

    [Fact]
    public void TheReflectionReachesThePresenterAndStaffButNotThePeers()
    {
        var (room, _) = Opened();
        room.Run(Coach, new CloseFeedback(P));
        room.Run(Lena, new WriteReflection(P, "I will *slow down*."));
        var written = room.Log[^1];

        Assert.Equal("I will *slow down*.", SnapshotView(room.State, Sees(Lena)).Reflection!.Markdown);
        Assert.Equal("I will *slow down*.", SnapshotView(room.State, Sees(Coach)).Reflection!.Markdown);
        Assert.Null(SnapshotView(room.State, Sees(Noor)).Reflection);

        Assert.Equal("I will *slow down*.", Assert.IsType<ReflectionWritten>(room.State.View(written, Viewer.Staff)).Markdown);
        var toParticipants = Assert.IsType<ReflectionWritten>(room.State.View(written, Sees(Noor)));
        Assert.Equal(("", ""), (toParticipants.Markdown, toParticipants.Html));
    }

    [Fact]
    public void EachGiverSeesTheirOwnFeedbackInFullAndNobodyElses()
    {
        var (room, liams, _) = FromEveryone(FeedbackAnonymity.FullyAnonymous);

        var liamsOwn = Assert.Single(room.State.ToSnapshot(10, Sees(Liam)).Part<FeedbackSnapshot>()!.MyFeedback!);
        Assert.Equal((liams, FeedbackKind.Peer, "liam", "Liam", 1), (liamsOwn.SubmissionId, liamsOwn.Kind, liamsOwn.UserId, liamsOwn.DisplayName, liamsOwn.Revision));
        Assert.Equal(new Dictionary<string, int> { ["clarity"] = 4, ["delivery"] = 2 }, liamsOwn.Scores);
        Assert.Equal(2, liamsOwn.Answers.Count);

        Assert.Equal(FeedbackKind.Self, Assert.Single(room.State.ToSnapshot(10, Sees(Lena)).Part<FeedbackSnapshot>()!.MyFeedback!).Kind);
        Assert.Equal(FeedbackKind.Coach, Assert.Single(room.State.ToSnapshot(10, Sees(Coach)).Part<FeedbackSnapshot>()!.MyFeedback!).Kind);
        Assert.Empty(room.State.ToSnapshot(10, Sees(Max)).Part<FeedbackSnapshot>()!.MyFeedback!);
        Assert.Empty(room.State.ToSnapshot(10, Viewer.Participants).Part<FeedbackSnapshot>()!.MyFeedback!);
    }

    [Theory]
    [InlineData(FeedbackAnonymity.Named)]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter)]
    [InlineData(FeedbackAnonymity.FullyAnonymous)]
    public void TheLoggedSubmissionTellsParticipantsNothingAndFullyAnonymousStaffNoName(FeedbackAnonymity anonymity)
    {
        var (room, _) = Opened(anonymity);
        room.Run(Liam, Submit(4, 2, worked: "Clear"));
        var first = room.Log[^1];
        room.Run(Liam, Submit(5, 2, worked: "Clear"));
        var revision = room.Log[^1];
        room.Run(Coach, Submit(3, 3));
        var coachs = room.Log[^1];

        foreach (var stored in new[] { first, revision })
        {
            var logged = (FeedbackSubmitted)stored.Event;
            foreach (var viewer in new[] { Sees(Lena), Sees(Noor), Sees(Liam), Sees(Max), Viewer.Participants })
            {
                var seen = Assert.IsType<FeedbackSubmitted>(room.State.View(stored, viewer));
                Assert.Equal((null, null), (seen.UserId, seen.DisplayName));
                Assert.Empty(seen.Scores);
                Assert.Empty(seen.Answers);
                Assert.Equal((logged.PresentationId, logged.SubmissionId, logged.Revision, logged.Kind), (seen.PresentationId, seen.SubmissionId, seen.Revision, seen.Kind));
            }

            var toStaff = Assert.IsType<FeedbackSubmitted>(room.State.View(stored, Sees(Coach)));
            var staffSeeName = anonymity != FeedbackAnonymity.FullyAnonymous;
            Assert.Equal(staffSeeName ? ("liam", "Liam") : (null, null), (toStaff.UserId, toStaff.DisplayName));
            Assert.Equal(logged.Scores, toStaff.Scores);
            Assert.Equal(logged.Answers, toStaff.Answers);
        }

        // The coach's own feedback is never anonymous.
        Assert.Equal("coach", Assert.IsType<FeedbackSubmitted>(room.State.View(coachs, Viewer.Staff)).UserId);
        // The log itself keeps who gave it, so each person gives feedback once.
        Assert.Equal("liam", ((FeedbackSubmitted)revision.Event).UserId);
    }

    [Theory]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter)]
    [InlineData(FeedbackAnonymity.FullyAnonymous)]
    public void NothingTheGiversPeersOrThePresenterReceiveCarriesTheGiversNameOrId(FeedbackAnonymity anonymity)
    {
        var (room, _) = Opened(anonymity);
        var sent = new List<FeedbackDelivery>();
        sent.AddRange(RunAndDeliver(room, Liam, Submit(4, 2, worked: "Clear structure", next: "Pace")));
        var liams = room.LastSeq;
        sent.AddRange(RunAndDeliver(room, Liam, Submit(5, 2, worked: "Clear structure", next: "Pace")));
        sent.AddRange(RunAndDeliver(room, Coach, new ReleaseFeedback(P)));
        sent.AddRange(RunAndDeliver(room, Lena, new RateFeedback(P, liams, 3)));
        sent.AddRange(RunAndDeliver(room, Lena, new FlagFeedback(P, liams, "Too short")));
        sent.AddRange(RunAndDeliver(room, Coach, new ModerateFeedback(P, liams, false)));
        sent.AddRange(RunAndDeliver(room, Coach, new CloseFeedback(P)));
        sent.AddRange(RunAndDeliver(room, Lena, new WriteReflection(P, "Thanks all")));
        var feedbackEvents = room.Log.Where(s => s.Event is FeedbackWindowOpened or FeedbackSubmitted or FeedbackWindowClosed or FeedbackReleased
            or FeedbackRated or FeedbackFlagged or FeedbackModerated or ReflectionWritten).ToList();
        Assert.Equal(9, feedbackEvents.Count);

        var audiences = new List<(string What, Viewer Viewer, FeedbackAudience Audience)>
        {
            ("presenter", Sees(Lena), FeedbackAudience.Presenter),
            ("peer", Sees(Noor), FeedbackAudience.Peers),
            ("manager", Sees(Max), FeedbackAudience.Peers),
        };
        if (anonymity == FeedbackAnonymity.FullyAnonymous)
        {
            audiences.Add(("staff", Sees(Coach), FeedbackAudience.Staff));
        }
        foreach (var (what, viewer, audience) in audiences)
        {
            var snapshot = room.State.ToSnapshot(10, viewer);
            var texts = new List<string> { Json(snapshot.Part<FeedbackSnapshot>()!.Feedback), Json(snapshot.Part<FeedbackSnapshot>()!.MyFeedback) };
            texts.AddRange(feedbackEvents.Select(s => EventSerializer.Serialize(room.State.View(s, viewer))));
            texts.AddRange(sent.Where(d => d.Update.For == audience && d.UserId != Liam.UserId).Select(d => Json(d.Update)));
            Assert.True(texts.Count > feedbackEvents.Count + 2, what);
            foreach (var text in texts)
            {
                Assert.DoesNotContain("liam", text, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The check above would have caught a name: the giver's own copy and the log do carry it.
        Assert.Contains("\"Liam\"", Json(room.State.ToSnapshot(10, Sees(Liam)).Part<FeedbackSnapshot>()!.MyFeedback));
        Assert.Contains("\"liam\"", EventSerializer.Serialize(room.Log.First(s => s.Event is FeedbackSubmitted).Event));
    }

    // ---- Live updates --------------------------------------------------------------------------------------------

    [Fact]
    public void APeersFeedbackUpdatesStaffThePresenterAndTheGiverButNotThePeersUntilReleased()
    {
        var (room, _) = Opened(FeedbackAnonymity.AnonymousToPresenter);

        var deliveries = RunAndDeliver(room, Liam, Submit(4, 2, worked: "Clear"));
        var liams = room.LastSeq;

        Assert.Equal(3, deliveries.Count);
        var staff = Assert.Single(deliveries, d => d.Audience == RoomAudience.Staff);
        Assert.Equal((null, FeedbackAudience.Staff, "room1", P), (staff.UserId, staff.Update.For, staff.Update.RoomId, staff.Update.PresentationId));
        Assert.Equal([liams], staff.Update.View!.Entries!.Select(e => e.SubmissionId));
        Assert.Equal("liam", staff.Update.View.Entries![0].UserId);
        var presenter = Assert.Single(deliveries, d => d.UserId == "lena");
        Assert.Equal((null, FeedbackAudience.Presenter), (presenter.Audience, presenter.Update.For));
        Assert.Null(Assert.Single(presenter.Update.View!.Entries!).UserId);
        Assert.Equal(1, presenter.Update.View.Aggregate!.Submissions);
        var giver = Assert.Single(deliveries, d => d.UserId == "liam");
        Assert.Equal((null, (FeedbackAudience?)null, (FeedbackView?)null), (giver.Audience, giver.Update.For, giver.Update.View));
        Assert.Equal((liams, 1, "liam"), (giver.Update.Mine!.SubmissionId, giver.Update.Mine.Revision, giver.Update.Mine.UserId));
        Assert.DoesNotContain(deliveries, d => d.Audience == RoomAudience.Participants);
        Assert.All(deliveries, d => Assert.Equal(room.LastSeq, d.Update.Seq));

        room.Run(Coach, new ReleaseFeedback(P));
        deliveries = RunAndDeliver(room, Noor, Submit(2, 2));
        var peers = Assert.Single(deliveries, d => d.Audience == RoomAudience.Participants);
        Assert.Equal(FeedbackAudience.Peers, peers.Update.For);
        Assert.Equal(2, peers.Update.View!.Aggregate!.Submissions);
        Assert.Null(peers.Update.View.Entries);
        Assert.Equal(4, deliveries.Count);

        // Only peers' feedback moves what the peers see.
        deliveries = RunAndDeliver(room, Lena, SelfAssess(5, 3));
        Assert.DoesNotContain(deliveries, d => d.Audience == RoomAudience.Participants);
        Assert.Contains(deliveries, d => d.UserId == "lena" && d.Update.Mine is not null);
        deliveries = RunAndDeliver(room, Coach, Submit(5, 3));
        Assert.DoesNotContain(deliveries, d => d.Audience == RoomAudience.Participants);
        Assert.Contains(deliveries, d => d.UserId == "coach" && d.Update.Mine?.Kind == FeedbackKind.Coach);
    }

    [Fact]
    public void OpeningClosingAndReleasingUpdateEveryAudience()
    {
        var (room, clock) = Presenting();
        foreach (var command in new RoomCommand[] { new OpenFeedback(P, Rubric, FeedbackAnonymity.Named, 5), new CloseFeedback(P), new ReleaseFeedback(P) })
        {
            var deliveries = RunAndDeliver(room, Coach, command);
            Assert.Equal([RoomAudience.Staff, (RoomAudience?)null, RoomAudience.Participants], deliveries.Select(d => d.Audience));
            Assert.Equal("lena", deliveries[1].UserId);
            Assert.All(deliveries, d => Assert.Equal(room.LastSeq, d.Update.Seq));
            Assert.Equal(Json(SnapshotView(room.State, Sees(Noor))), Json(deliveries[2].Update.View));
        }

        // A release that also logs the close sends one update per audience, as of the batch's last event.
        (room, clock) = Opened(autoCloseMinutes: 5);
        clock.Advance(TimeSpan.FromMinutes(6));
        var decision = room.Run(Coach, new ReleaseFeedback(P));
        var batch = LastBatch(room, decision);
        Assert.Equal(2, batch.Count);
        var both = FeedbackViews.Deliveries(room.State, batch);
        Assert.Equal(3, both.Count);
        Assert.All(both, d => Assert.Equal(batch[^1].Seq, d.Update.Seq));
        var peers = Assert.Single(both, d => d.Audience == RoomAudience.Participants).Update.View!;
        Assert.Equal((true, true), (peers.Closed, peers.Released));
    }

    [Fact]
    public void RatingFlaggingAndModeratingEachUpdateTheGiver()
    {
        var (room, liams, _) = FromEveryone(FeedbackAnonymity.FullyAnonymous);

        var rated = RunAndDeliver(room, Lena, new RateFeedback(P, liams, 3));
        var giver = Assert.Single(rated, d => d.UserId == "liam");
        Assert.Equal(3, giver.Update.Mine!.Helpfulness);
        Assert.Equal(room.LastSeq, giver.Update.Seq);
        Assert.DoesNotContain(rated, d => d.Audience == RoomAudience.Participants);
        Assert.Equal(3, Assert.Single(Assert.Single(rated, d => d.UserId == "lena").Update.View!.Entries!).Helpfulness);

        var flagged = RunAndDeliver(room, Lena, new FlagFeedback(P, liams, "Harsh"));
        var toGiver = Assert.Single(flagged, d => d.UserId == "liam").Update.Mine!;
        Assert.Equal((true, (string?)null), (toGiver.Flagged, toGiver.FlagReason));
        Assert.Equal("Harsh", Assert.Single(Assert.Single(flagged, d => d.Audience == RoomAudience.Staff).Update.View!.Entries!).FlagReason);
        Assert.DoesNotContain(flagged, d => d.Audience == RoomAudience.Participants);

        var moderated = RunAndDeliver(room, Coach, new ModerateFeedback(P, liams, true));
        var settled = Assert.Single(moderated, d => d.UserId == "liam").Update.Mine!;
        Assert.Equal((true, false), (settled.Hidden, settled.Flagged));
        Assert.DoesNotContain(moderated, d => d.Audience == RoomAudience.Participants);
    }

    [Fact]
    public void EachPresentationHasItsOwnWindowAndUpdatesGoOnlyToTheOneTouched()
    {
        var (room, _) = Opened(FeedbackAnonymity.Named);
        var slot = Assert.IsType<AgendaItemAdded>(Assert.Single(room.Run(Coach, new AddPresentationSlot(Liam.UserId, Liam.DisplayName, 5)).Events));
        room.Run(Coach, new StartPresentation(slot.ItemId));
        room.Run(Coach, new OpenFeedback("presentation-2", Rubric, FeedbackAnonymity.FullyAnonymous, null));
        room.Run(Noor, Submit(4, 3));

        var deliveries = RunAndDeliver(room, Noor, Submit(2, 2) with { PresentationId = "presentation-2" });

        Assert.All(deliveries, d => Assert.Equal("presentation-2", d.Update.PresentationId));
        Assert.Contains(deliveries, d => d.UserId == "liam" && d.Update.For == FeedbackAudience.Presenter);
        Assert.DoesNotContain(deliveries, d => d.UserId == "lena");
        Assert.Equal([P, "presentation-2"], room.State.ToSnapshot(10, Sees(Coach)).Part<FeedbackSnapshot>()!.Feedback!.Select(f => f.PresentationId));
        Assert.Equal(2, room.State.ToSnapshot(10, Sees(Noor)).Part<FeedbackSnapshot>()!.MyFeedback!.Count);
        Assert.Equal([FeedbackAudience.Peers, FeedbackAudience.Presenter],
            room.State.Feature<FeedbackState>().Windows.Select(w => FeedbackViews.AudienceOf(w, Sees(Liam))));
        Assert.Equal(4.0, room.State.Feature<FeedbackState>().Find(P)!.PeerTally.ToAggregate().Criteria[0].Mean);
        Assert.Equal(2.0, room.State.Feature<FeedbackState>().Find("presentation-2")!.PeerTally.ToAggregate().Criteria[0].Mean);
    }

    [Fact]
    public void EventsThatAreNotFeedbackCauseNoFeedbackUpdates()
    {
        var (room, _) = Opened();
        var decision = room.Run(Liam, new PostMessage("hello", null));
        Assert.Empty(FeedbackViews.Deliveries(room.State, LastBatch(room, decision)));
        Assert.Empty(FeedbackViews.Deliveries(room.State, []));
    }

    [Fact]
    public void EveryLiveUpdateAgreesWithTheSnapshotAndEveryChangeSomeoneCanSeeReachesThem()
    {
        var (room, clock) = Opened(FeedbackAnonymity.AnonymousToPresenter, autoCloseMinutes: 30);
        var viewers = new[] { Coach, Lena, Liam, Noor, Max };
        var steps = new List<(Actor Actor, RoomCommand Command)>
        {
            (Liam, Submit(4, 2, worked: "Clear")),
            (Noor, Submit(2, 3)),
            (Lena, SelfAssess(3, 3, next: "Pace")),
            (Coach, Submit(5, 2, worked: "Structure")),
            (Liam, Submit(5, 2, worked: "Clear")),
            (Lena, new RateFeedback(P, 0, 3)),
            (Lena, new FlagFeedback(P, 0, "Harsh")),
            (Coach, new ModerateFeedback(P, 0, true)),
            (Coach, new ReleaseFeedback(P)),
            (Noor, Submit(1, 1, next: "Louder")),
            (Lena, new FlagFeedback(P, 1, "Off topic")),
            (Coach, new ModerateFeedback(P, 1, false)),
            (Liam, new CloseFeedback(P)),
            (Lena, new WriteReflection(P, "Slow down")),
        };

        foreach (var (actor, template) in steps)
        {
            var command = template switch
            {
                RateFeedback r => r with { SubmissionId = Id(room, r.SubmissionId) },
                FlagFeedback f => f with { SubmissionId = Id(room, f.SubmissionId) },
                ModerateFeedback m => m with { SubmissionId = Id(room, m.SubmissionId) },
                _ => template,
            };
            if (command is CloseFeedback)
            {
                clock.Advance(TimeSpan.FromMinutes(30));
            }
            var before = viewers.ToDictionary(v => v.UserId, v => Seen(room.State, v));
            var deliveries = RunAndDeliver(room, actor, command);
            var what = $"{actor.UserId}: {command.GetType().Name}";

            foreach (var viewer in viewers)
            {
                var (view, mine) = Seen(room.State, viewer);
                var audience = FeedbackViews.AudienceOf(Window(room), Sees(viewer));
                var forAudience = deliveries.Where(d => d.Update.For == audience && (audience == FeedbackAudience.Presenter ? d.UserId == viewer.UserId : d.Audience == Sees(viewer).Audience)).ToList();
                var ownUpdates = deliveries.Where(d => d.UserId == viewer.UserId && d.Update.Mine is not null).ToList();

                if (view != before[viewer.UserId].View)
                {
                    Assert.True(forAudience.Count == 1, $"{what}: {viewer.UserId} sees a change but gets no update");
                }
                foreach (var delivery in forAudience)
                {
                    var full = SnapshotView(room.State, Sees(viewer));
                    var ids = delivery.Update.View!.Entries?.Select(e => e.SubmissionId).ToHashSet();
                    Assert.Equal(Json(full with { Entries = full.Entries?.Where(e => ids!.Contains(e.SubmissionId)).ToList() }), Json(delivery.Update.View));
                }

                if (mine != before[viewer.UserId].Mine)
                {
                    Assert.True(ownUpdates.Count == 1, $"{what}: {viewer.UserId}'s own feedback changed but they get no update");
                }
                foreach (var delivery in ownUpdates)
                {
                    Assert.Equal(mine, Json(delivery.Update.Mine));
                }
            }
        }
    }

    /// <summary>The n-th peer submission's id (in the order given).</summary>
    private static long Id(FeatureTestRoom room, long n) =>
        Window(room).Submissions.Where(s => s.Kind == FeedbackKind.Peer).OrderBy(s => s.Id).ElementAt((int)n).Id;

    private static (string View, string Mine) Seen(RoomState state, Actor viewer)
    {
        var snapshot = state.ToSnapshot(10, Sees(viewer));
        return (Json(Assert.Single(snapshot.Part<FeedbackSnapshot>()!.Feedback!)), Json(snapshot.Part<FeedbackSnapshot>()!.MyFeedback!.SingleOrDefault()));
    }

    // ---- Replay --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(FeedbackAnonymity.Named)]
    [InlineData(FeedbackAnonymity.AnonymousToPresenter)]
    [InlineData(FeedbackAnonymity.FullyAnonymous)]
    public void TheStateFoldedFromTheLogShowsEveryoneWhatTheLiveStateDoes(FeedbackAnonymity anonymity)
    {
        var (room, liams, noors) = FromEveryone(anonymity);
        room.Run(Liam, Submit(5, 1, worked: "Clear **structure**"));
        room.Run(Lena, new RateFeedback(P, liams, 2));
        room.Run(Lena, new FlagFeedback(P, noors, "No words"));
        room.Run(Coach, new ModerateFeedback(P, noors, true));
        room.Run(Coach, new CloseFeedback(P));
        room.Run(Coach, new ReleaseFeedback(P));
        room.Run(Lena, new WriteReflection(P, "Next time: *fewer* slides."));

        var replayed = room.Replayed();
        var deserialized = RoomState.Fold("room1", room.Log.Select(s => s with { Event = EventSerializer.Deserialize(EventSerializer.Serialize(s.Event)) }));

        foreach (var folded in new[] { replayed, deserialized })
        {
            foreach (var viewer in new[] { Sees(Coach), Sees(Lena), Sees(Liam), Sees(Noor), Sees(Max), Viewer.Staff, Viewer.Participants })
            {
                var live = room.State.ToSnapshot(10, viewer);
                var again = folded.ToSnapshot(10, viewer);
                Assert.Equal(Json(live.Part<FeedbackSnapshot>()!.Feedback), Json(again.Part<FeedbackSnapshot>()!.Feedback));
                Assert.Equal(Json(live.Part<FeedbackSnapshot>()!.MyFeedback), Json(again.Part<FeedbackSnapshot>()!.MyFeedback));
                foreach (var stored in room.Log)
                {
                    Assert.Equal(Json(room.State.View(stored, viewer)), Json(folded.View(stored, viewer)));
                }
            }
            foreach (var audience in Enum.GetValues<FeedbackAudience>())
            {
                Assert.Equal(
                    Json(FeedbackViews.For(room.State, Window(room), audience, null)),
                    Json(FeedbackViews.For(folded, folded.Feature<FeedbackState>().Find(P)!, audience, null)));
            }
            Assert.Equal(room.State.Feature<FeedbackState>().ExpectedPeers(Window(room)), folded.Feature<FeedbackState>().ExpectedPeers(folded.Feature<FeedbackState>().Find(P)!));
            var batch = room.Log.TakeLast(3).ToList();
            Assert.Equal(Json(FeedbackViews.Deliveries(room.State, batch)), Json(FeedbackViews.Deliveries(folded, batch)));
        }
    }

    [Fact]
    public void TheDeciderRulesTheSameOnTheFoldedState()
    {
        var (room, clock) = Opened(autoCloseMinutes: 10);
        room.Run(Liam, Submit(3, 2, worked: "Pace"));
        var decider = new RoomDecider(new MarkdownRenderer(), clock);
        var folded = room.Replayed();

        AssertAlreadyDone(decider.Decide(folded, Liam, Submit(3, 2, worked: "Pace")));
        var revision = Submitted(decider.Decide(folded, Liam, Submit(4, 2)));
        Assert.Equal(((long?)room.LastSeq, 2), (revision.SubmissionId, revision.Revision));
        clock.Advance(TimeSpan.FromMinutes(10));
        AssertRejected(decider.Decide(folded, Noor, Submit(3, 2)), FeedbackRejections.FeedbackClosed);
        Assert.Equal(new FeedbackWindowClosed(P, null), Assert.Single(decider.Decide(folded, Noor, new CloseFeedback(P)).Events));
    }
}
