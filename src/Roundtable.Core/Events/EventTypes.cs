using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Dashboard;
using Roundtable.Core.Directory;
using Roundtable.Core.Mail;
using Roundtable.Core.Matching;
using Roundtable.Core.Plans;
using Roundtable.Core.Rooms;
using Roundtable.Core.Rooms.Notes;
using Roundtable.Core.Wiki;

namespace Roundtable.Core.Events;

/// <summary>Every event type the log may hold: one line per area, each area listing its own.</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        .. RoomFeatures.All.EventTypes,
        .. PrivateNoteEventTypes.All,
        .. DirectoryEventTypes.All,
        .. DashboardEventTypes.All,
        .. PlanEventTypes.All,
        .. MatchingEventTypes.All,
        .. MailEventTypes.All,
        .. AsyncPresentationEventTypes.All,
        .. Discussions.DiscussionEventTypes.All,
        .. WikiEventTypes.All,
    ];
}
