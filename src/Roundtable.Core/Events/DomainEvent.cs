using System.Text.Json.Serialization;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Matching;
using Roundtable.Core.Plans;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;

namespace Roundtable.Core.Events;

/// <summary>
/// The closed set of everything that can happen. Every event lives on one stream of the log:
/// room events on their room's stream, directory events (accounts, programs, cohorts, ...) on the directory stream.
/// To add an event type: declare the record beside its siblings, register it here, and handle it in the fold
/// (<see cref="RoomState"/>) or the projection that reads it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
// Room events
[JsonDerivedType(typeof(ParticipantJoined), nameof(ParticipantJoined))]
[JsonDerivedType(typeof(ParticipantLeft), nameof(ParticipantLeft))]
[JsonDerivedType(typeof(MessagePosted), nameof(MessagePosted))]
[JsonDerivedType(typeof(RoundtableStarted), nameof(RoundtableStarted))]
[JsonDerivedType(typeof(RoundtableEnded), nameof(RoundtableEnded))]
[JsonDerivedType(typeof(ParticipantMuted), nameof(ParticipantMuted))]
[JsonDerivedType(typeof(ParticipantUnmuted), nameof(ParticipantUnmuted))]
[JsonDerivedType(typeof(ParticipantRemoved), nameof(ParticipantRemoved))]
[JsonDerivedType(typeof(ParticipantReadmitted), nameof(ParticipantReadmitted))]
[JsonDerivedType(typeof(MessageHidden), nameof(MessageHidden))]
[JsonDerivedType(typeof(MessageUnhidden), nameof(MessageUnhidden))]
[JsonDerivedType(typeof(MessagePinned), nameof(MessagePinned))]
[JsonDerivedType(typeof(MessageUnpinned), nameof(MessageUnpinned))]
[JsonDerivedType(typeof(RoomLocked), nameof(RoomLocked))]
[JsonDerivedType(typeof(RoomUnlocked), nameof(RoomUnlocked))]
[JsonDerivedType(typeof(ParticipantWaiting), nameof(ParticipantWaiting))]
[JsonDerivedType(typeof(ParticipantAdmitted), nameof(ParticipantAdmitted))]
[JsonDerivedType(typeof(ParticipantDeclined), nameof(ParticipantDeclined))]
[JsonDerivedType(typeof(LearnerChatChanged), nameof(LearnerChatChanged))]
[JsonDerivedType(typeof(NotesEditingChanged), nameof(NotesEditingChanged))]
[JsonDerivedType(typeof(AgendaItemAdded), nameof(AgendaItemAdded))]
[JsonDerivedType(typeof(AgendaItemRemoved), nameof(AgendaItemRemoved))]
[JsonDerivedType(typeof(AgendaItemMoved), nameof(AgendaItemMoved))]
[JsonDerivedType(typeof(AgendaAdvanced), nameof(AgendaAdvanced))]
[JsonDerivedType(typeof(TimerStarted), nameof(TimerStarted))]
[JsonDerivedType(typeof(TimerExtended), nameof(TimerExtended))]
[JsonDerivedType(typeof(TimerStopped), nameof(TimerStopped))]
[JsonDerivedType(typeof(PresentationStarted), nameof(PresentationStarted))]
[JsonDerivedType(typeof(PresentationEnded), nameof(PresentationEnded))]
[JsonDerivedType(typeof(SlidesShared), nameof(SlidesShared))]
[JsonDerivedType(typeof(SlideShown), nameof(SlideShown))]
[JsonDerivedType(typeof(SharedNoteEdited), nameof(SharedNoteEdited))]
[JsonDerivedType(typeof(PrivateNoteSaved), nameof(PrivateNoteSaved))]
[JsonDerivedType(typeof(HandRaised), nameof(HandRaised))]
[JsonDerivedType(typeof(HandLowered), nameof(HandLowered))]
[JsonDerivedType(typeof(FloorGiven), nameof(FloorGiven))]
[JsonDerivedType(typeof(FloorTaken), nameof(FloorTaken))]
[JsonDerivedType(typeof(QueueCleared), nameof(QueueCleared))]
[JsonDerivedType(typeof(QuestionAsked), nameof(QuestionAsked))]
[JsonDerivedType(typeof(QuestionUpvoted), nameof(QuestionUpvoted))]
[JsonDerivedType(typeof(QuestionUpvoteWithdrawn), nameof(QuestionUpvoteWithdrawn))]
[JsonDerivedType(typeof(QuestionAnswered), nameof(QuestionAnswered))]
[JsonDerivedType(typeof(QuestionPinned), nameof(QuestionPinned))]
[JsonDerivedType(typeof(QuestionDismissed), nameof(QuestionDismissed))]
[JsonDerivedType(typeof(PollOpened), nameof(PollOpened))]
[JsonDerivedType(typeof(PollVoted), nameof(PollVoted))]
[JsonDerivedType(typeof(PollClosed), nameof(PollClosed))]
[JsonDerivedType(typeof(FeedbackWindowOpened), nameof(FeedbackWindowOpened))]
[JsonDerivedType(typeof(FeedbackSubmitted), nameof(FeedbackSubmitted))]
[JsonDerivedType(typeof(FeedbackWindowClosed), nameof(FeedbackWindowClosed))]
[JsonDerivedType(typeof(FeedbackReleased), nameof(FeedbackReleased))]
[JsonDerivedType(typeof(FeedbackRated), nameof(FeedbackRated))]
[JsonDerivedType(typeof(FeedbackFlagged), nameof(FeedbackFlagged))]
[JsonDerivedType(typeof(FeedbackModerated), nameof(FeedbackModerated))]
[JsonDerivedType(typeof(ReflectionWritten), nameof(ReflectionWritten))]
[JsonDerivedType(typeof(SessionRated), nameof(SessionRated))]
[JsonDerivedType(typeof(BreakoutsOpened), nameof(BreakoutsOpened))]
[JsonDerivedType(typeof(BreakoutBroadcastSent), nameof(BreakoutBroadcastSent))]
[JsonDerivedType(typeof(BreakoutMemberMoved), nameof(BreakoutMemberMoved))]
[JsonDerivedType(typeof(BreakoutsExtended), nameof(BreakoutsExtended))]
[JsonDerivedType(typeof(BreakoutsClosed), nameof(BreakoutsClosed))]
[JsonDerivedType(typeof(BreakoutRoomOpened), nameof(BreakoutRoomOpened))]
[JsonDerivedType(typeof(BreakoutRoomClosed), nameof(BreakoutRoomClosed))]
// Directory events
[JsonDerivedType(typeof(UserRegistered), nameof(UserRegistered))]
[JsonDerivedType(typeof(ProgramCreated), nameof(ProgramCreated))]
[JsonDerivedType(typeof(CohortCreated), nameof(CohortCreated))]
[JsonDerivedType(typeof(MemberAdded), nameof(MemberAdded))]
[JsonDerivedType(typeof(MemberRemoved), nameof(MemberRemoved))]
[JsonDerivedType(typeof(RoundtableScheduled), nameof(RoundtableScheduled))]
[JsonDerivedType(typeof(DashboardThresholdsSet), nameof(DashboardThresholdsSet))]
[JsonDerivedType(typeof(RubricSaved), nameof(RubricSaved))]
[JsonDerivedType(typeof(ManagerSet), nameof(ManagerSet))]
[JsonDerivedType(typeof(PasswordChanged), nameof(PasswordChanged))]
[JsonDerivedType(typeof(SignedOutEverywhere), nameof(SignedOutEverywhere))]
[JsonDerivedType(typeof(SignedOut), nameof(SignedOut))]
// Planning exercises (their own streams)
[JsonDerivedType(typeof(PlanExerciseAssigned), nameof(PlanExerciseAssigned))]
[JsonDerivedType(typeof(PlanWritten), nameof(PlanWritten))]
[JsonDerivedType(typeof(PlanReflectionWritten), nameof(PlanReflectionWritten))]
[JsonDerivedType(typeof(PlanFeedbackGiven), nameof(PlanFeedbackGiven))]
[JsonDerivedType(typeof(NotificationRead), nameof(NotificationRead))]
// Matching events (directory stream)
[JsonDerivedType(typeof(ProfileSaved), nameof(ProfileSaved))]
[JsonDerivedType(typeof(MentorshipFormed), nameof(MentorshipFormed))]
[JsonDerivedType(typeof(CircleFormed), nameof(CircleFormed))]
[JsonDerivedType(typeof(MentorRequested), nameof(MentorRequested))]
[JsonDerivedType(typeof(MentorRequestAnswered), nameof(MentorRequestAnswered))]
public abstract record DomainEvent
{
    /// <summary>The wire and storage name of this event type.</summary>
    [JsonIgnore]
    public string TypeName => GetType().Name;
}

/// <summary>An event that changes one room; its stream is the room's.</summary>
public abstract record RoomEvent : DomainEvent;

/// <summary>An event about records outside rooms; its stream is the directory.</summary>
public abstract record DirectoryEvent : DomainEvent;
