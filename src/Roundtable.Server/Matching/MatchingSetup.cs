namespace Roundtable.Server.Matching;

public static class MatchingSetup
{
    /// <summary>Profiles, cohort matching (run, review, publish), circles and mentor requests.</summary>
    public static IEndpointRouteBuilder MapMatching(this IEndpointRouteBuilder app) =>
        app.MapProfilesApi().MapMatchingApi().MapCirclesApi().MapCircleCadenceApi();
}
