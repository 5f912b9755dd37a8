// @ts-check
// The names the browser shares with the server's hubs that belong to no one feature, spelt once: the hub paths, the
// protocol version sent on joining, the core room's hub methods and event types (join, chat, start, end), and the
// methods the server calls on the page (IRoomClient, INotificationsClient). Each room feature names its own hub methods
// and event types in its panel module (PollsMethod, PollsEvent in panels/polls.js), so a new feature edits no list here.

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
  ThreadChanged: "ThreadChanged",
  DiscussionsChanged: "DiscussionsChanged",
});

/** What a discussion page asks of the notifications hub (NotificationsHub). */
export const NotificationsHubMethod = Object.freeze({
  WatchThread: "WatchThread",
  WatchDiscussions: "WatchDiscussions",
});

/** The core room's RoomHub methods (the room id is always the first argument, except for PreviewMarkdown). */
export const RoomHubMethod = Object.freeze({
  Catchup: "Catchup",
  DeleteMessage: "DeleteMessage",
  EditMessage: "EditMessage",
  EndRoundtable: "EndRoundtable",
  Join: "Join",
  PostMessage: "PostMessage",
  PreviewMarkdown: "PreviewMarkdown",
  StartRoundtable: "StartRoundtable",
});

/** The core room's event types: the "type" of each event in a RoomEvents envelope or a catch-up. */
export const RoomEvent = Object.freeze({
  MessageDeleted: "MessageDeleted",
  MessageEdited: "MessageEdited",
  MessagePosted: "MessagePosted",
  ParticipantJoined: "ParticipantJoined",
  ParticipantLeft: "ParticipantLeft",
  RoundtableEnded: "RoundtableEnded",
  RoundtableStarted: "RoundtableStarted",
});

/** @typedef {typeof RoomHubMethod[keyof typeof RoomHubMethod]} RoomHubMethodName */
/** @typedef {typeof RoomEvent[keyof typeof RoomEvent]} RoomEventType */
