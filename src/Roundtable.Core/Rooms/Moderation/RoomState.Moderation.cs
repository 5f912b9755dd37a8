using Roundtable.Core.Events;
using Roundtable.Core.Log;

namespace Roundtable.Core.Rooms;

/// <summary>Someone named in the moderation state (removed, waiting), who may not be present.</summary>
public sealed record PersonRef(string UserId, string DisplayName);

/// <summary>The moderation part of a snapshot.</summary>
public sealed record ModerationView(
    IReadOnlyList<string> Muted,
    IReadOnlyList<PersonRef> Removed,
    IReadOnlyList<PersonRef> Waiting,
    IReadOnlyList<long> Hidden,
    IReadOnlyList<ChatMessage> Pinned,
    bool Locked,
    bool LearnerChatLocked,
    bool NotesLocked);

public sealed partial record RoomSnapshot
{
    public ModerationView? Moderation { get; init; }
}

public sealed partial class RoomState
{
    private readonly HashSet<string> _muted = new(StringComparer.Ordinal);
    private readonly List<PersonRef> _removed = [];
    private readonly List<PersonRef> _waiting = [];
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);
    private readonly HashSet<long> _hidden = [];
    private readonly List<long> _pinned = [];

    /// <summary>While locked, new joiners who are not staff wait on the waiting list.</summary>
    public bool IsLocked { get; private set; }

    /// <summary>Learners and managers may not post (coaches and admins still may).</summary>
    public bool LearnerChatLocked { get; private set; }

    /// <summary>The coach turned notes editing off for learners.</summary>
    public bool NotesLocked { get; private set; }

    public bool IsMuted(string userId) => _muted.Contains(userId);

    public bool IsRemoved(string userId) => _removed.Exists(p => p.UserId == userId);

    public bool IsWaiting(string userId) => _waiting.Exists(p => p.UserId == userId);

    /// <summary>Let into the locked room: present when it was locked, admitted, or readmitted since.</summary>
    public bool IsAdmitted(string userId) => _admitted.Contains(userId);

    public bool IsHidden(long messageSeq) => _hidden.Contains(messageSeq);

    public bool IsPinned(long messageSeq) => _pinned.Contains(messageSeq);

    public IReadOnlyList<PersonRef> Waiting => _waiting;

    public IReadOnlyList<PersonRef> Removed => _removed;

    /// <summary>The chat message with this seq, if the room has one.</summary>
    public ChatMessage? FindMessage(long seq)
    {
        var index = _messages.BinarySearch(new ChatMessage(seq, "", "", "", "", default), MessageBySeq.Instance);
        return index >= 0 ? _messages[index] : null;
    }

    private bool ApplyModeration(StoredEvent stored)
    {
        switch (stored.Event)
        {
            case ParticipantMuted e:
                _muted.Add(e.UserId);
                return true;
            case ParticipantUnmuted e:
                _muted.Remove(e.UserId);
                return true;
            case ParticipantRemoved e:
                _removed.RemoveAll(p => p.UserId == e.UserId);
                _removed.Add(new PersonRef(e.UserId, e.DisplayName));
                _waiting.RemoveAll(p => p.UserId == e.UserId);
                _admitted.Remove(e.UserId);
                return true;
            case ParticipantReadmitted e:
                _removed.RemoveAll(p => p.UserId == e.UserId);
                _admitted.Add(e.UserId);
                return true;
            case MessageHidden e:
                _hidden.Add(e.MessageSeq);
                return true;
            case MessageUnhidden e:
                _hidden.Remove(e.MessageSeq);
                return true;
            case MessagePinned e:
                _pinned.Remove(e.MessageSeq);
                _pinned.Add(e.MessageSeq);
                return true;
            case MessageUnpinned e:
                _pinned.Remove(e.MessageSeq);
                return true;
            case RoomLocked:
                IsLocked = true;
                _admitted.UnionWith(_participants.Select(p => p.UserId));
                return true;
            case RoomUnlocked:
                IsLocked = false;
                _waiting.Clear();
                return true;
            case ParticipantWaiting e:
                _waiting.RemoveAll(p => p.UserId == e.UserId);
                _waiting.Add(new PersonRef(e.UserId, e.DisplayName));
                return true;
            case ParticipantAdmitted e:
                _waiting.RemoveAll(p => p.UserId == e.UserId);
                _admitted.Add(e.UserId);
                return true;
            case ParticipantDeclined e:
                _waiting.RemoveAll(p => p.UserId == e.UserId);
                return true;
            case LearnerChatChanged e:
                LearnerChatLocked = !e.Allowed;
                return true;
            case NotesEditingChanged e:
                NotesLocked = !e.Allowed;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Learners and managers see a hidden message as an empty copy; an unhide carries the message back.</summary>
    private DomainEvent? ViewModeration(StoredEvent stored, Viewer viewer) => stored.Event switch
    {
        MessagePosted m when !viewer.IsStaff && IsHidden(stored.Seq) => m with { Markdown = "", Html = "" },
        MessageUnhidden u when viewer.IsStaff || !IsHidden(u.MessageSeq) => u with { Html = FindMessage(u.MessageSeq)?.Html },
        _ => null,
    };

    private ChatMessage ViewModerationMessage(ChatMessage message, Viewer viewer) =>
        !viewer.IsStaff && IsHidden(message.Seq) ? message with { Markdown = "", Html = "" } : message;

    private RoomSnapshot WithModeration(RoomSnapshot snapshot, Viewer viewer) => snapshot with
    {
        Moderation = new ModerationView(
            [.. _muted.Order(StringComparer.Ordinal)],
            viewer.IsStaff ? [.. _removed] : [],
            viewer.IsStaff ? [.. _waiting] : [],
            [.. _hidden.Order()],
            [.. _pinned.Select(FindMessage).OfType<ChatMessage>().Select(m => ViewModerationMessage(m, viewer))],
            IsLocked,
            LearnerChatLocked,
            NotesLocked),
    };

    private sealed class MessageBySeq : IComparer<ChatMessage>
    {
        public static readonly MessageBySeq Instance = new();

        public int Compare(ChatMessage? x, ChatMessage? y) => (x?.Seq ?? 0).CompareTo(y?.Seq ?? 0);
    }
}
