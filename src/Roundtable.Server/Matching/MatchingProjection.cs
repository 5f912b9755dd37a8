using System.Text.Json;
using Roundtable.Core.Events;
using Roundtable.Core.Matching;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Matching;

/// <summary>How matching events change their read models (called from the one projection switch).</summary>
public static class MatchingProjection
{
    public static void Apply(RoundtableDb db, MatchingEvent matching, DateTime at)
    {
        switch (matching)
        {
            case ProfileSaved e:
                db.Profiles.Upsert(new ProfileRecord
                {
                    Id = e.Profile.UserId,
                    Version = e.Version,
                    Json = JsonSerializer.Serialize(e.Profile, EventSerializer.Options),
                    GoalsHtml = e.GoalsHtml,
                    SavedAt = at,
                });
                break;
            case MentorshipFormed e:
                db.Mentorships.Upsert(new MentorshipRecord
                {
                    Id = e.MentorshipId, CohortId = e.CohortId, MentorId = e.MentorId, LearnerId = e.LearnerId, Reasons = [.. e.Reasons], FormedAt = at,
                });
                break;
            case CircleFormed e:
                var circle = new CircleRecord
                {
                    Id = e.CircleId,
                    CohortId = e.CohortId,
                    MentorId = e.MentorId,
                    MemberIds = [.. e.MemberIds],
                    Focus = e.Focus,
                    Kind = e.Kind,
                    RoomId = e.RoomId,
                    Reasons = [.. e.Reasons],
                    FormedAt = at,
                };
                circle.SetCadence(e.Cadence);
                db.Circles.Upsert(circle);
                break;
            case CircleCadenceSet e:
                if (db.Circles.FindById(e.CircleId) is { } changed)
                {
                    changed.SetCadence(e.Cadence);
                    db.Circles.Update(changed);
                }
                break;
            case CircleMeetingSkipped e:
                if (db.Circles.FindById(e.CircleId) is { } skipping && !skipping.SkippedStarts.Contains(e.Start.UtcDateTime))
                {
                    skipping.SkippedStarts.Add(e.Start.UtcDateTime);
                    db.Circles.Update(skipping);
                }
                break;
            case CircleMeetingRestored e:
                if (db.Circles.FindById(e.CircleId) is { } restoring && restoring.SkippedStarts.Remove(e.Start.UtcDateTime))
                {
                    db.Circles.Update(restoring);
                }
                break;
            case MentorRequested e:
                db.MentorRequests.Upsert(new MentorRequestRecord
                {
                    Id = e.RequestId, CohortId = e.CohortId, LearnerId = e.LearnerId, MentorId = e.MentorId, Message = e.Message,
                    Status = MentorRequestStatus.Pending, RequestedAt = at,
                });
                break;
            case MentorRequestAnswered e:
                if (db.MentorRequests.FindById(e.RequestId) is { } request)
                {
                    request.Status = e.Accepted ? MentorRequestStatus.Accepted : MentorRequestStatus.Declined;
                    request.AnsweredAt = at;
                    db.MentorRequests.Update(request);
                }
                break;
        }
    }
}
