using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Server.Accounts;
using Roundtable.Server.Web;

namespace Roundtable.Server.Cohorts;

/// <summary>The refusal of what only a cohort's coaches and admins may read or do (its dashboard, plans, calibration).</summary>
public static class CohortStaffOnly
{
    /// <summary>Null for the cohort's coaches and admins; otherwise 404 for outsiders and 403, with the refusal, for other members.</summary>
    public static ProblemHttpResult? RefuseUnlessStaff(this CohortAccess access, string cohortId, string userId, string refusal) =>
        !Ids.IsWellFormed(cohortId) || !access.CanSee(cohortId, userId) ? Problems.NotFound("cohort", cohortId)
        : !access.CanFacilitate(cohortId, userId) ? Problems.Forbidden(refusal)
        : null;
}
