namespace Roundtable.Server.Tests;

/// <summary>One row of an access table: a hub method called as each kind of caller, allowed or refused exactly.</summary>
internal static class AccessTable
{
    /// <param name="expected">Admin, coach of this cohort, learner, manager, member of another cohort, signed out.</param>
    public static async Task AssertRowAsync(string method, string otherCohortEmail, bool[] expected, Func<string?, Task<(bool Allowed, string Detail)>> call)
    {
        string?[] callers =
        [
            RoundtableFactory.AdminEmail, RoundtableFactory.CoachEmail, RoundtableFactory.LiamEmail,
            RoundtableFactory.ManagerEmail, otherCohortEmail, null,
        ];
        for (var i = 0; i < callers.Length; i++)
        {
            var outcome = await call(callers[i]);
            Assert.True(expected[i] == outcome.Allowed,
                $"{method} as {callers[i] ?? "signed out"}: expected {(expected[i] ? "allowed" : "refused")}, was {outcome.Detail}");
        }
    }
}
