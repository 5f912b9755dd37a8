using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Core.Markdown;
using Roundtable.Core.Matching;
using Roundtable.Server.Accounts;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Storage;
using Roundtable.Server.Web;

namespace Roundtable.Server.Matching;

/// <summary>A profile as read back; version 0 means none saved yet.</summary>
public sealed record ProfileDto(
    string UserId,
    string DisplayName,
    int Version,
    IReadOnlyList<SkillTag> Offers,
    IReadOnlyList<SkillTag> Wants,
    string GoalsMarkdown,
    string GoalsHtml,
    IReadOnlyList<AvailabilitySlot> Availability,
    int MentorCapacity,
    DateTimeOffset? SavedAt);

/// <summary>A profile to save. <see cref="ExpectedVersion"/>, when given, is the version the editor started from.</summary>
public sealed record SaveProfileRequest(
    IReadOnlyList<SkillTagDraft?>? Offers,
    IReadOnlyList<SkillTagDraft?>? Wants,
    string? GoalsMarkdown,
    IReadOnlyList<AvailabilitySlot?>? Availability,
    int? MentorCapacity,
    int? ExpectedVersion)
{
    public ProfileDraft ToDraft() => new(Offers, Wants, GoalsMarkdown, Availability, MentorCapacity);
}

/// <summary>
/// Each person's profile over HTTP. Every save appends <see cref="ProfileSaved"/> (the next version) to the directory
/// stream; a person reads and writes their own, admins and the coaches of their cohorts read it.
/// </summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Profiles");
        api.MapGet("/profile", GetMyProfile).WithDescription("The caller's profile (version 0 when never saved).");
        api.MapPut("/profile", SaveMyProfile)
            .WithDescription("Saves the caller's profile as its next version; 409 when expectedVersion is given and is no longer the latest.");
        api.MapGet("/users/{userId}/profile", GetProfile).WithDescription("Someone's profile: their own, or for admins and their cohorts' coaches.");
        return app;
    }

    private static Ok<ProfileDto> GetMyProfile(ClaimsPrincipal principal, RoundtableDb db, CohortAccess access) =>
        TypedResults.Ok(ToDto(principal.UserId()!, db, access));

    private static Results<Ok<ProfileDto>, ProblemHttpResult> GetProfile(string userId, ClaimsPrincipal principal, RoundtableDb db, CohortAccess access) =>
        access.User(userId) is not null && access.CanReadProfile(principal.UserId()!, userId)
            ? TypedResults.Ok(ToDto(userId, db, access))
            : Problems.NotFound("profile", userId);

    private static async Task<Results<Ok<ProfileDto>, ProblemHttpResult>> SaveMyProfile(
        SaveProfileRequest request, ClaimsPrincipal principal, DirectoryWriter writer, RoundtableDb db, CohortAccess access,
        MarkdownRenderer markdown, CancellationToken cancellationToken)
    {
        var userId = principal.UserId()!;
        var problem = await writer.WriteAsync(() =>
        {
            var (profile, errors) = ProfileRules.Validate(request.ToDraft(), userId);
            if (profile is null)
            {
                return DirectoryDecision.Invalid(errors, "Some fields need attention; nothing was saved.");
            }
            var latest = db.Profiles.FindById(userId)?.Version ?? 0;
            if (request.ExpectedVersion is { } expected && expected != latest)
            {
                return DirectoryDecision.Conflict($"Your profile was saved elsewhere since (now version {latest}); reload it and save again.");
            }
            return DirectoryDecision.Accept(new ProfileSaved(profile, latest + 1, markdown.Render(profile.GoalsMarkdown), userId));
        }, cancellationToken);
        return problem is null ? TypedResults.Ok(ToDto(userId, db, access)) : problem.ToResult();
    }

    /// <summary>The person's latest profile, or an empty one.</summary>
    public static Profile ProfileOf(RoundtableDb db, string userId) => db.Profiles.FindById(userId)?.ToProfile() ?? Profile.Empty(userId);

    private static ProfileDto ToDto(string userId, RoundtableDb db, CohortAccess access)
    {
        var record = db.Profiles.FindById(userId);
        var profile = record?.ToProfile() ?? Profile.Empty(userId);
        return new ProfileDto(
            userId, access.User(userId)?.DisplayName ?? "", record?.Version ?? 0, profile.Offers, profile.Wants, profile.GoalsMarkdown,
            record?.GoalsHtml ?? "", profile.Availability, profile.MentorCapacity,
            record is null ? null : record.SavedAt.AsUtc());
    }
}
