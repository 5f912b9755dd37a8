// @ts-check
// Every name the browser shares with the server's hubs, spelt once: the hub paths, the protocol version sent on
// joining, the methods the pages call (RoomHub's and NotificationsHub's public methods), the methods the server calls
// on the page (IRoomClient, INotificationsClient) and the room event types the page handles ("type" in each event).

/** The room protocol version this client speaks; the server refuses a join with another. */
export const PROTOCOL_VERSION = 1;

/** Where each hub is mapped on the server. */
export const HubPath = Object.freeze({
  room: "/hubs/room",
  notifications: "/hubs/notifications",
});

/** What the server calls on a room page (IRoomClient). */
export const RoomClientMethod = Object.freeze({
  RoomEvents: "RoomEvents",
  FeedbackUpdated: "FeedbackUpdated",
});

/** What the server calls on a page listening for notifications (INotificationsClient). */
export const NotificationsClientMethod = Object.freeze({
  NotificationArrived: "NotificationArrived",
});

/** RoomHub's methods the room page calls (the room id is always the first argument, except for PreviewMarkdown). */
export const RoomHubMethod = Object.freeze({
  AddAgendaTopic: "AddAgendaTopic",
  AddPresentationSlot: "AddPresentationSlot",
  AdmitParticipant: "AdmitParticipant",
  AdvanceAgenda: "AdvanceAgenda",
  AskQuestion: "AskQuestion",
  AskToJoin: "AskToJoin",
  BroadcastToBreakouts: "BroadcastToBreakouts",
  Catchup: "Catchup",
  ChooseBreakoutGroup: "ChooseBreakoutGroup",
  ClearQueue: "ClearQueue",
  CloseBreakouts: "CloseBreakouts",
  CloseFeedback: "CloseFeedback",
  ClosePoll: "ClosePoll",
  DeclineParticipant: "DeclineParticipant",
  DismissQuestion: "DismissQuestion",
  EditSharedNote: "EditSharedNote",
  EndPresentation: "EndPresentation",
  EndRoundtable: "EndRoundtable",
  ExtendBreakouts: "ExtendBreakouts",
  ExtendTimer: "ExtendTimer",
  FlagFeedback: "FlagFeedback",
  GiveFloor: "GiveFloor",
  GiveFloorToNext: "GiveFloorToNext",
  HideMessage: "HideMessage",
  Join: "Join",
  LockRoom: "LockRoom",
  LowerHand: "LowerHand",
  MarkQuestionAnswered: "MarkQuestionAnswered",
  ModerateFeedback: "ModerateFeedback",
  MoveAgendaItem: "MoveAgendaItem",
  MoveBreakoutMember: "MoveBreakoutMember",
  MuteParticipant: "MuteParticipant",
  OpenBreakouts: "OpenBreakouts",
  OpenFeedback: "OpenFeedback",
  OpenPoll: "OpenPoll",
  PinMessage: "PinMessage",
  PinQuestion: "PinQuestion",
  PostMessage: "PostMessage",
  PreviewMarkdown: "PreviewMarkdown",
  RaiseHand: "RaiseHand",
  RateFeedback: "RateFeedback",
  RateSession: "RateSession",
  ReadmitParticipant: "ReadmitParticipant",
  ReleaseFeedback: "ReleaseFeedback",
  RemoveAgendaItem: "RemoveAgendaItem",
  RemoveParticipant: "RemoveParticipant",
  SetLearnerChat: "SetLearnerChat",
  SetNotesEditing: "SetNotesEditing",
  ShareSlides: "ShareSlides",
  ShowSlide: "ShowSlide",
  StartPresentation: "StartPresentation",
  StartRoundtable: "StartRoundtable",
  StartTimer: "StartTimer",
  StopTimer: "StopTimer",
  SubmitFeedback: "SubmitFeedback",
  TakeFloor: "TakeFloor",
  UnhideMessage: "UnhideMessage",
  UnlockRoom: "UnlockRoom",
  UnmuteParticipant: "UnmuteParticipant",
  UnpinMessage: "UnpinMessage",
  UpvoteQuestion: "UpvoteQuestion",
  VoteInPoll: "VoteInPoll",
  WithdrawQuestionUpvote: "WithdrawQuestionUpvote",
  WriteReflection: "WriteReflection",
});

/** The room event types the page handles: the "type" of each event in a RoomEvents envelope, a snapshot or a catch-up. */
export const RoomEvent = Object.freeze({
  AgendaAdvanced: "AgendaAdvanced",
  AgendaItemAdded: "AgendaItemAdded",
  AgendaItemMoved: "AgendaItemMoved",
  AgendaItemRemoved: "AgendaItemRemoved",
  BreakoutBroadcastSent: "BreakoutBroadcastSent",
  BreakoutMemberMoved: "BreakoutMemberMoved",
  BreakoutRoomClosed: "BreakoutRoomClosed",
  BreakoutRoomOpened: "BreakoutRoomOpened",
  BreakoutsClosed: "BreakoutsClosed",
  BreakoutsExtended: "BreakoutsExtended",
  BreakoutsOpened: "BreakoutsOpened",
  FloorGiven: "FloorGiven",
  FloorTaken: "FloorTaken",
  HandLowered: "HandLowered",
  HandRaised: "HandRaised",
  LearnerChatChanged: "LearnerChatChanged",
  MessageHidden: "MessageHidden",
  MessagePinned: "MessagePinned",
  MessagePosted: "MessagePosted",
  MessageUnhidden: "MessageUnhidden",
  MessageUnpinned: "MessageUnpinned",
  NotesEditingChanged: "NotesEditingChanged",
  ParticipantAdmitted: "ParticipantAdmitted",
  ParticipantDeclined: "ParticipantDeclined",
  ParticipantJoined: "ParticipantJoined",
  ParticipantLeft: "ParticipantLeft",
  ParticipantMuted: "ParticipantMuted",
  ParticipantReadmitted: "ParticipantReadmitted",
  ParticipantRemoved: "ParticipantRemoved",
  ParticipantUnmuted: "ParticipantUnmuted",
  ParticipantWaiting: "ParticipantWaiting",
  PollClosed: "PollClosed",
  PollOpened: "PollOpened",
  PollVoted: "PollVoted",
  PresentationEnded: "PresentationEnded",
  PresentationStarted: "PresentationStarted",
  QuestionAnswered: "QuestionAnswered",
  QuestionAsked: "QuestionAsked",
  QuestionDismissed: "QuestionDismissed",
  QuestionPinned: "QuestionPinned",
  QuestionUpvoteWithdrawn: "QuestionUpvoteWithdrawn",
  QuestionUpvoted: "QuestionUpvoted",
  QueueCleared: "QueueCleared",
  RoomLocked: "RoomLocked",
  RoomUnlocked: "RoomUnlocked",
  RoundtableEnded: "RoundtableEnded",
  RoundtableStarted: "RoundtableStarted",
  SessionRated: "SessionRated",
  SharedNoteEdited: "SharedNoteEdited",
  SlideShown: "SlideShown",
  SlidesShared: "SlidesShared",
  TimerExtended: "TimerExtended",
  TimerStarted: "TimerStarted",
  TimerStopped: "TimerStopped",
});

/** @typedef {typeof RoomHubMethod[keyof typeof RoomHubMethod]} RoomHubMethodName */
/** @typedef {typeof RoomEvent[keyof typeof RoomEvent]} RoomEventType */
