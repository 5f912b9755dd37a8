using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

// The room's features plug in here. Each feature lives in its own folder with its commands, events, the part of
// the state it folds (a partial RoomState), the part of the decider it owns (a partial RoomDecider), its part of
// the snapshot (a partial RoomSnapshot), and how its events look to each audience. Add one line per hook below.

public sealed partial class RoomState
{
    /// <summary>Folds a feature's event; false when no feature knows it.</summary>
    private bool ApplyFeature(StoredEvent stored) =>
        ApplyModeration(stored)
        || ApplyAgenda(stored)
        || ApplyStage(stored)
        || ApplyNotes(stored)
        || ApplySpeakingQueue(stored)
        || ApplyQuestions(stored)
        || ApplyPolls(stored)
        || ApplyFeedback(stored)
        || ApplySessionRating(stored)
        || ApplyBreakouts(stored)
        || false;

    /// <summary>A feature's view of an event for a viewer; null when the event is shown as it is.</summary>
    private DomainEvent? ViewFeature(StoredEvent stored, Viewer viewer) =>
        ViewModeration(stored, viewer) ??
        ViewQuestions(stored, viewer) ??
        ViewPolls(stored, viewer) ??
        ViewFeedback(stored, viewer) ??
        ViewSessionRating(stored, viewer) ??
        null;

    /// <summary>A chat message as the viewer may see it.</summary>
    private ChatMessage ViewMessage(ChatMessage message, Viewer viewer) =>
        ViewModerationMessage(message, viewer);

    /// <summary>Adds each feature's part of the snapshot.</summary>
    private RoomSnapshot WithFeatures(RoomSnapshot snapshot, Viewer viewer) =>
        WithBreakouts(WithSessionRating(WithFeedback(WithPolls(WithQuestions(WithSpeakingQueue(
        WithNotes(WithStage(WithAgenda(WithModeration(
        snapshot, viewer), viewer), viewer), viewer)), viewer), viewer), viewer), viewer), viewer);
}

public sealed partial class RoomDecider
{
    /// <summary>A feature's decision on its own command; null when the command is not a feature's.</summary>
    private Decision? DecideFeature(RoomState state, Actor actor, RoomCommand command) =>
        DecideModeration(state, actor, command)
        ?? DecideAgenda(state, actor, command)
        ?? DecideStage(state, actor, command)
        ?? DecideNotes(state, actor, command)
        ?? DecideSpeakingQueue(state, actor, command)
        ?? DecideQuestions(state, actor, command)
        ?? DecidePolls(state, actor, command)
        ?? DecideFeedback(state, actor, command)
        ?? DecideSessionRating(state, actor, command)
        ?? DecideBreakouts(state, actor, command)
        ?? null;

    /// <summary>A feature's veto on a core command (e.g. a muted participant posting); null to let it through.</summary>
    private Decision? CheckFeatureRules(RoomState state, Actor actor, RoomCommand command) =>
        CheckEntryRules(state, actor, command) ??
        CheckModerationRules(state, actor, command) ??
        CheckBreakoutRules(state, actor, command) ??
        null;
}
