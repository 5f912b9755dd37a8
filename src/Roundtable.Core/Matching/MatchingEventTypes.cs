namespace Roundtable.Core.Matching;

/// <summary>Matching's event types (on the directory stream), as the event serializer knows them.</summary>
public static class MatchingEventTypes
{
    public static readonly IReadOnlyList<Type> All =
        [typeof(ProfileSaved), typeof(MentorshipFormed), typeof(CircleFormed), typeof(CircleCadenceSet), typeof(CircleMeetingSkipped), typeof(CircleMeetingRestored), typeof(MentorRequested), typeof(MentorRequestAnswered)];
}
