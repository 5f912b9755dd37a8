// @ts-check
// The one interface every room feature panel implements (declared here as types; this module has no code). A panel
// is an object with any of these hooks; the room page calls each hook on every panel that has it, in the order of
// panels/index.js. Adding a feature's panel: a module default-exporting a Panel, and one line in index.js.

/**
 * One event of a room as the server sends it (RoomEvents, a catch-up), already shaped for this viewer.
 * @typedef {object} RoomEventEnvelope
 * @property {string} roomId
 * @property {number} seq  the room's gap-free sequence number
 * @property {string} at  when it was recorded (ISO 8601)
 * @property {{type: string, [field: string]: any}} event  "type" is one of the RoomEvent names of protocol.js or a panel's own XxxEvent names
 */

/**
 * The room as the page knows it (shared with every panel; panels read it, the room page changes it).
 * @typedef {object} RoomModel
 * @property {string} title
 * @property {string} status  "Scheduled" | "Live" | "Ended"
 * @property {string | null} userId  the viewer
 * @property {string | null} role  the viewer's role in the room: "Learner" | "Coach" | "Manager" | "Admin"
 * @property {string} [kind]  "Roundtable" | "Circle" | "Breakout"
 * @property {Map<string, any>} participants  by user id
 * @property {Map<string, string>} names  names seen in this room, by user id
 * @property {number} [messageEditSeconds]  how long after sending authors may edit or delete their messages
 */

/**
 * What a panel may use: the room, the hub (errors as people-readable messages), announcements, the chat.
 * @typedef {object} PanelContext
 * @property {string} roomId
 * @property {RoomModel} room
 * @property {HTMLElement} container  where the panel builds its section
 * @property {(method: string, ...args: any[]) => Promise<any>} invoke  a RoomHub method (protocol.js's RoomHubMethod) for this room
 * @property {(errorElement: HTMLElement, button: HTMLButtonElement | null, method: string, ...args: any[]) => Promise<boolean>} act
 *   invoke with errorElement cleared first and showing a refusal, and button disabled meanwhile; true when accepted
 * @property {(text: string) => void} announce  read out politely by screen readers
 * @property {(userId: string) => string} nameOf
 * @property {() => boolean} isFacilitator
 * @property {(text: string, at: string) => void} note  a line in the chat log
 * @property {(seq: number) => HTMLElement | null} messageElement  the chat message with that seq, if shown
 * @property {() => void} renderParticipants
 * @property {() => void} rejoin
 * @property {(message: string) => void} stop  ends this page's time in the room for good (e.g. removed by the coach)
 * @property {boolean} replay  the page replays an ended roundtable: it shows what happened and takes the viewer nowhere
 *   (no move to a breakout group, no prompt)
 * @property {(tab: RoomTab, count: number) => void} badge  how many things are new on a side-panel tab for this viewer
 *   (unread messages, new questions, an open poll); the room page shows it on the tab until the tab is seen
 * @property {<K extends keyof Attention>(item: K, value: Attention[K]) => void} attention  what staff must react to,
 *   shown in the coach attention strip of the header (always visible to staff); a panel sets its item whenever it
 *   changes, with the whole current value
 * @property {HTMLElement} stageSide  a drawer beside the stage, for what must be used while the stage stays in view
 *   (peers rating a presentation); empty and closed unless a panel puts something there and opens it
 * @property {(open: boolean) => void} showStageSide  opens or closes the drawer beside the stage
 */

/**
 * One entry of a person's menu in the People tab.
 * @typedef {object} PersonAction
 * @property {string} label  what the menu item says, e.g. "Mute"
 * @property {() => Promise<any>} run  does it (errors are shown by the menu)
 * @property {boolean} [danger]  removes or refuses something
 */

/**
 * Where a panel's section lives on the room page: the stage in the middle, or one of the side panel's tabs.
 * @typedef {"stage" | "chat" | "people" | "qa" | "polls" | "notes" | "feedback" | "agenda" | "breakouts"} RoomTab
 */

/**
 * The coach attention strip's items.
 * @typedef {object} Attention
 * @property {{userId: string, displayName: string}[]} hands  raised hands, in queue order
 * @property {{userId: string, displayName: string}[]} waiting  people waiting to be let into a locked room
 * @property {number} questions  questions not yet answered (or waiting for review)
 * @property {{done: number, total: number} | null} feedback  the open feedback window's progress, or null
 * @property {{groupId: string, groupName: string}[]} help  breakout groups that asked for help
 */

/**
 * A room feature's panel. Every hook is optional.
 * @typedef {object} Panel
 * @property {RoomTab} [tab]  where ctx.container is: the stage or the side panel tab this panel's section belongs in
 * @property {(ctx: PanelContext) => void} [mount]  once, before the first join: build its section in ctx.container
 * @property {(snapshot: any) => void} [snapshot]  the room as joined (the server's snapshot, filtered for this viewer)
 * @property {(envelope: RoomEventEnvelope) => void} [apply]  every event after the snapshot, in seq order, exactly once
 * @property {(room: RoomModel) => void} [status]  the room's status or the viewer's role changed
 * @property {(item: HTMLElement, message: any) => void} [decorateMessage]  add to a chat message as rendered
 * @property {(item: HTMLElement, participant: any) => void} [decoratePerson]  add to a person as rendered
 * @property {(participant: any) => PersonAction[]} [personActions]  what staff may do to this person from the
 *   person's one menu in the People tab (give floor, mute, remove, move to group)
 * @property {() => {userId: string, displayName: string, waiting: true}[]} [morePeople]  people the People tab lists
 *   besides those present (waiting to be let into a locked room); they get decoratePerson and personActions too
 * @property {(message: any) => PersonAction[]} [messageActions]  what the viewer may do to a chat message from the
 *   message's one menu (hide, pin), after its author's own edit and delete
 * @property {(message: string) => boolean} [joinRefused]  true to take over a refused join (the connection stays open)
 * @property {(envelopes: RoomEventEnvelope[]) => void} [beforeJoin]  events that reach the page before it has joined
 * @property {(update: any) => void} [feedback]  a live FeedbackUpdated {roomId, seq, presentationId, for, view, mine}
 *   (may arrive before the snapshot)
 * @property {(views: any[], mine: any[], seq: number) => void} [feedbackSnapshot]  feedback as it stands after a
 *   catch-up (complete lists, as of at least seq)
 */

export {};
