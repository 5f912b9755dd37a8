using System.Net;
using System.Net.Http.Json;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Matching;
using Roundtable.Server.Network;
using Roundtable.Server.Tests.AsyncPresentations;

namespace Roundtable.Server.Tests.Network;

/// <summary>
/// The learning network and the people directory, from real events: a mentorship (a request accepted), an asynchronous
/// review rated helpful and one rated not helpful, cohort coaching, and a person of another cohort who must never show.
/// </summary>
public sealed class NetworkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private RoundtableFactory Server => fixture.Server;

    private static object Profile(int capacity, params (string Name, int Level)[] offers) => new
    {
        offers = offers.Select(o => new { name = o.Name, level = o.Level }).ToArray(),
        wants = new[] { new { name = "Negotiation", level = 1 } },
        goalsMarkdown = "",
        availability = Array.Empty<object>(),
        mentorCapacity = capacity,
    };

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    private async Task<NetworkDto> NetworkOfAsync(string email)
    {
        using var client = await Server.ClientAsAsync(email);
        return await OkAsync<NetworkDto>(await client.GetAsync("/api/me/network"));
    }

    /// <summary>Ana presents; Bo and Kai review; Ana rates Bo's feedback helpful (3) and Kai's not (1); Bo mentors Ana.</summary>
    private async Task<AsyncScene> NetworkSceneAsync()
    {
        var scene = await AsyncScene.CreateAsync(Server);
        var (presentationId, _) = await scene.SubmitAsync(Server, "Pitch <img src=x onerror=alert(1)>");
        var round = await scene.OpenAsync(Server, DateTimeOffset.UtcNow.AddDays(1));
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var kai = await Server.ClientAsAsync(scene.KaiEmail);
        using var cy = await Server.ClientAsAsync(scene.CyEmail);
        var rubric = (await bo.GetFromJsonAsync<AsyncPresentationDetailDto>($"/api/async-presentations/{presentationId}", Json.Options))!.Rubric!;
        (await bo.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 3))).EnsureSuccessStatusCode();
        (await kai.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback", AsyncScene.Feedback(rubric, 2))).EnsureSuccessStatusCode();
        (await cy.PostAsJsonAsync($"/api/async-reviews/{round.Id}/close", new { })).EnsureSuccessStatusCode();
        (await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback/{scene.Bo}/helpfulness", new { helpfulness = 3 })).EnsureSuccessStatusCode();
        (await ana.PutAsJsonAsync($"/api/async-presentations/{presentationId}/feedback/{scene.Kai}/helpfulness", new { helpfulness = 1 })).EnsureSuccessStatusCode();

        (await bo.PutAsJsonAsync("/api/profile", Profile(2, ("Public speaking", 4)))).EnsureSuccessStatusCode();
        var asked = await OkAsync<MentorRequestDto>(await ana.PostAsJsonAsync($"/api/cohorts/{scene.CohortId}/mentor-requests", new { mentorId = scene.Bo, message = "" }));
        await OkAsync<MentorRequestDto>(await bo.PostAsJsonAsync($"/api/mentor-requests/{asked.RequestId}/answer", new { accept = true }));
        return scene;
    }

    [Fact]
    public async Task TheNetworkSaysWhoILearnFromAndWhomIAdviseAndWhy()
    {
        var scene = await NetworkSceneAsync();

        var ana = await NetworkOfAsync(scene.AnaEmail);
        var bo = Assert.Single(ana.People, p => p.UserId == scene.Bo);
        Assert.Contains(bo.LearnFrom, r => r.Kind == "mentor" && r.Text.StartsWith("mentors you in Async cohort", StringComparison.Ordinal));
        Assert.Contains(bo.LearnFrom, r => r.Kind == "feedback" && r.Text.Contains("helpful", StringComparison.Ordinal));
        Assert.Empty(bo.Advise);
        Assert.Equal(scene.CohortId, Assert.Single(bo.SharedCohorts).CohortId);
        Assert.Null(bo.AskMentoringCohortId);
        var cy = Assert.Single(ana.People, p => p.UserId == scene.Cy);
        Assert.Equal("coach", Assert.Single(cy.LearnFrom).Kind);
        // Kai's feedback was rated "not helpful": Kai is not someone Ana learns from (nor advises).
        Assert.DoesNotContain(ana.People, p => p.UserId == scene.Kai);
        Assert.DoesNotContain(ana.People, p => p.UserId == scene.Ola || p.UserId == scene.Nia);

        var boNetwork = await NetworkOfAsync(scene.BoEmail);
        var anaOfBo = Assert.Single(boNetwork.People, p => p.UserId == scene.Ana);
        Assert.Contains(anaOfBo.Advise, r => r.Kind == "mentee");
        Assert.Contains(anaOfBo.Advise, r => r.Kind == "review" && r.Text.Contains("you reviewed their presentation", StringComparison.Ordinal));
        Assert.Empty(anaOfBo.LearnFrom);
        var kaiNetwork = await NetworkOfAsync(scene.KaiEmail);
        Assert.Contains(Assert.Single(kaiNetwork.People, p => p.UserId == scene.Ana).Advise, r => r.Kind == "review");

        var coach = await NetworkOfAsync(scene.CyEmail);
        Assert.All(new[] { scene.Ana, scene.Bo, scene.Kai }, id => Assert.Contains(coach.People, p => p.UserId == id && p.Advise.Any(r => r.Kind == "coach")));
    }

    [Fact]
    public async Task NoOneFromACohortTheCallerIsNotInShowsNorItsName()
    {
        var scene = await NetworkSceneAsync();
        // Cy also coaches Ola's cohort: Ola learns from Cy, and Ana must see Cy only through the cohort they share.
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var otherCohortId = await OtherCohortOfAsync(scene);
        (await admin.PutAsJsonAsync($"/api/cohorts/{otherCohortId}/members/{scene.Cy}", new { role = "Coach" })).EnsureSuccessStatusCode();

        var ola = await NetworkOfAsync(scene.OlaEmail);
        Assert.Equal(scene.Cy, Assert.Single(ola.People).UserId);
        Assert.Equal(otherCohortId, Assert.Single(Assert.Single(ola.People).SharedCohorts).CohortId);

        var ana = await NetworkOfAsync(scene.AnaEmail);
        var cy = Assert.Single(ana.People, p => p.UserId == scene.Cy);
        Assert.Equal(scene.CohortId, Assert.Single(cy.SharedCohorts).CohortId);
        Assert.All(cy.LearnFrom, r => Assert.Equal(scene.CohortId, r.CohortId));
        Assert.DoesNotContain("Other cohort", System.Text.Json.JsonSerializer.Serialize(ana, Json.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDirectoryFindsByNameAndSkillAndShowsSkillsOnlyToThoseSharingACohort()
    {
        var scene = await AsyncScene.CreateAsync(Server);
        var token = scene.AnaEmail.Split('@')[0].Split('-')[1];
        var skill = $"Storytelling {token}";
        using var bo = await Server.ClientAsAsync(scene.BoEmail);
        using var ola = await Server.ClientAsAsync(scene.OlaEmail);
        using var ana = await Server.ClientAsAsync(scene.AnaEmail);
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        (await bo.PutAsJsonAsync("/api/profile", Profile(1, (skill, 3)))).EnsureSuccessStatusCode();
        (await ola.PutAsJsonAsync("/api/profile", Profile(1, (skill, 4)))).EnsureSuccessStatusCode();
        // Someone of another program entirely.
        using var program = await admin.PostAsJsonAsync("/api/programs", new { name = $"Elsewhere {token}", description = "" });
        var elsewhereProgram = (await program.Content.ReadFromJsonAsync<ProgramDto>(Json.Options))!;
        using var cohort = await admin.PostAsJsonAsync($"/api/programs/{elsewhereProgram.Id}/cohorts", new { name = $"Elsewhere {token}" });
        var elsewhereCohort = (await cohort.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!;
        var zed = await Server.NewUserAsync($"zed-{token}@example.com", elsewhereCohort.Id, displayName: $"Zed {token}");

        var bySkill = await OkAsync<DirectoryDto>(await ana.GetAsync($"/api/people?skill={Uri.EscapeDataString(skill.ToUpperInvariant())}"));
        var found = Assert.Single(bySkill.People);
        Assert.Equal(scene.Bo, found.UserId);
        Assert.True(found.SkillsVisible);
        Assert.Equal(skill, Assert.Single(found.Offers).Name);
        Assert.Equal(scene.CohortId, found.AskMentoringCohortId);
        Assert.Equal(scene.CohortId, Assert.Single(found.SharedCohorts).CohortId);

        // Ola shares the program, not a cohort: found by name, without skills, and never by a skill.
        var byName = await OkAsync<DirectoryDto>(await ana.GetAsync($"/api/people?q={Uri.EscapeDataString("ola " + token)}"));
        var olaEntry = Assert.Single(byName.People);
        Assert.False(olaEntry.SkillsVisible);
        Assert.Empty(olaEntry.Offers);
        Assert.Empty(olaEntry.SharedCohorts);
        Assert.Null(olaEntry.AskMentoringCohortId);
        Assert.Empty((await OkAsync<DirectoryDto>(await ana.GetAsync($"/api/people?q={Uri.EscapeDataString("zed " + token)}"))).People);

        var asAdmin = await OkAsync<DirectoryDto>(await admin.GetAsync($"/api/people?skill={Uri.EscapeDataString(skill)}"));
        Assert.Equal(new[] { scene.Bo, scene.Ola }.Order(StringComparer.Ordinal), asAdmin.People.Select(p => p.UserId).Order(StringComparer.Ordinal));
        Assert.All(asAdmin.People, p => Assert.True(p.SkillsVisible));
        Assert.Single((await OkAsync<DirectoryDto>(await admin.GetAsync($"/api/people?q={Uri.EscapeDataString("zed " + token)}"))).People, p => p.UserId == zed);

        var tooLong = await ana.GetAsync($"/api/people?skill={new string('x', PeopleDirectory.MaxQueryLength + 1)}");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("\"skill\"", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> OtherCohortOfAsync(AsyncScene scene)
    {
        using var admin = await Server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var cohorts = await admin.GetFromJsonAsync<CohortDto[]>($"/api/programs/{scene.ProgramId}/cohorts", Json.Options);
        var token = scene.AnaEmail.Split('@')[0].Split('-')[1];
        return cohorts!.Single(c => c.Name == $"Other cohort {token}").Id;
    }
}
