using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.AccessRequests;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Projection;

/// <summary>
/// Requests to join a cohort into read models, with the notifications they make: the cohort's coaches and the admins
/// hear of a new request, the person who asked of its answer.
/// </summary>
public static class AccessRequestProjection
{
    public const string RequestsPage = "/access-requests.html";

    public static bool Apply(RoundtableDb db, StoredEvent stored)
    {
        var at = stored.At.UtcDateTime;
        switch (stored.Event)
        {
            case AccessRequestsSet e:
                db.ProgramAccess.Upsert(new ProgramAccessRecord { Id = e.ProgramId, Accepting = e.Accepting });
                return true;
            case AccessRequested e:
                db.AccessRequests.Upsert(new AccessRequestRecord
                {
                    Id = e.RequestId, CohortId = e.CohortId, UserId = e.UserId, Message = e.Message, Status = AccessRequestStatus.Pending, RequestedAt = at,
                });
                var cohort = db.Cohorts.FindById(e.CohortId)?.Name ?? "a cohort";
                foreach (var reviewer in ReviewersOf(db, e.CohortId))
                {
                    Notify(db, stored, reviewer, "access-requested", $"{NameOf(db, e.UserId)} asks to join {cohort}.", RequestsPage);
                }
                return true;
            case AccessRequestAnswered e:
                if (db.AccessRequests.FindById(e.RequestId) is not { } request)
                {
                    return false;
                }
                request.Status = e.Approved ? AccessRequestStatus.Approved : AccessRequestStatus.Declined;
                request.AnsweredBy = e.AnsweredBy;
                request.AnsweredAt = at;
                request.Reason = e.Reason;
                db.AccessRequests.Update(request);
                var name = db.Cohorts.FindById(request.CohortId)?.Name ?? "the cohort";
                Notify(db, stored, request.UserId, e.Approved ? "access-approved" : "access-declined", e.Approved
                    ? $"{NameOf(db, e.AnsweredBy)} welcomed you to {name}."
                    : $"{NameOf(db, e.AnsweredBy)} declined your request to join {name}{(string.IsNullOrEmpty(e.Reason) ? "." : $": {e.Reason}")}", "/");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Who answers a cohort's requests: its coaches and every admin.</summary>
    public static IReadOnlyList<string> ReviewersOf(RoundtableDb db, string cohortId) =>
    [
        .. db.Memberships.Find(m => m.CohortId == cohortId).Where(m => m.Role == CohortRole.Coach).Select(m => m.UserId)
            .Concat(db.Users.Find(u => u.IsAdmin).Select(u => u.Id))
            .Distinct(StringComparer.Ordinal),
    ];

    private static void Notify(RoundtableDb db, StoredEvent stored, string userId, string kind, string text, string link) =>
        NotificationRecord.Write(db, stored, userId, kind, text, link);

    private static string NameOf(RoundtableDb db, string userId) => db.Users.FindById(userId)?.DisplayName ?? "Someone";
}
