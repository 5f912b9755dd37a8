using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Roundtable.Core.AsyncPresentations;
using Roundtable.Core.Directory;
using Roundtable.Server.AsyncPresentations;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Feedback;

namespace Roundtable.Server.Tests.AsyncPresentations;

/// <summary>
/// A cohort of its own in the demo program: learners Ana (who presents), Bo and Kai, coach Cy, manager member Nia, and Ola,
/// a learner of another cohort.
/// </summary>
internal sealed record AsyncScene(
    string CohortId, string ProgramId, string RubricId, string Ana, string Bo, string Kai, string Cy, string Nia, string Ola,
    string AnaEmail, string BoEmail, string KaiEmail, string CyEmail, string NiaEmail, string OlaEmail)
{
    /// <summary>The smallest valid PNG (1×1, transparent).</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    public static readonly byte[] Html = "<!doctype html><script>alert(document.cookie)</script>"u8.ToArray();

    public static async Task<AsyncScene> CreateAsync(RoundtableFactory server)
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        string Email(string name) => $"{name}-{token}@example.com";
        using var admin = await server.ClientAsAsync(RoundtableFactory.AdminEmail);
        var program = (await admin.GetFromJsonAsync<ProgramDto[]>("/api/programs", Json.Options))![0];
        async Task<string> CohortAsync(string name)
        {
            using var created = await admin.PostAsJsonAsync($"/api/programs/{program.Id}/cohorts", new { name = $"{name} {token}" });
            return (await created.Content.ReadFromJsonAsync<CohortDto>(Json.Options))!.Id;
        }
        var cohortId = await CohortAsync("Async cohort");
        var otherCohortId = await CohortAsync("Other cohort");
        var rubrics = await admin.GetFromJsonAsync<RubricDto[]>($"/api/programs/{program.Id}/rubrics", Json.Options);
        return new AsyncScene(cohortId, program.Id, rubrics![0].Rubric.RubricId,
            await server.NewUserAsync(Email("ana"), cohortId, displayName: $"Ana {token}"),
            await server.NewUserAsync(Email("bo"), cohortId, displayName: $"Bo {token}"),
            await server.NewUserAsync(Email("kai"), cohortId, displayName: $"Kai {token}"),
            await server.NewUserAsync(Email("cy"), cohortId, CohortRole.Coach, displayName: $"Cy {token}"),
            await server.NewUserAsync(Email("nia"), cohortId, CohortRole.Manager, displayName: $"Nia {token}"),
            await server.NewUserAsync(Email("ola"), otherCohortId, displayName: $"Ola {token}"),
            Email("ana"), Email("bo"), Email("kai"), Email("cy"), Email("nia"), Email("ola"));
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string cohortId, byte[] bytes, string fileName, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.PostAsync($"/api/cohorts/{cohortId}/uploads?fileName={Uri.EscapeDataString(fileName)}", content);
    }

    /// <summary>Ana uploads a PNG and submits a presentation with it and two slides; its id and the upload's.</summary>
    public async Task<(string PresentationId, string UploadId)> SubmitAsync(RoundtableFactory server, string title = "Pitch practice")
    {
        using var ana = await server.ClientAsAsync(AnaEmail);
        using var uploaded = await UploadAsync(ana, CohortId, Png, "diagram.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = (await uploaded.Content.ReadFromJsonAsync<UploadDto>(Json.Options))!;
        using var submitted = await ana.PostAsJsonAsync($"/api/cohorts/{CohortId}/async-presentations",
            new { title, slidesMarkdown = "# The problem\n---\n# The **plan**", uploadIds = new[] { upload.Id } });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var detail = (await submitted.Content.ReadFromJsonAsync<AsyncPresentationDetailDto>(Json.Options))!;
        return (detail.Presentation.Id, upload.Id);
    }

    /// <summary>Cy opens feedback on every waiting presentation; the round as answered.</summary>
    public async Task<AsyncRoundDto> OpenAsync(RoundtableFactory server, DateTimeOffset deadline, ReviewerChoice choice = ReviewerChoice.AllPeers, int? k = null)
    {
        using var cy = await server.ClientAsAsync(CyEmail);
        using var opened = await cy.PostAsJsonAsync($"/api/cohorts/{CohortId}/async-reviews",
            new { rubricId = RubricId, deadline, choice = choice.ToString(), reviewersPerPresentation = k });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return (await opened.Content.ReadFromJsonAsync<AsyncRoundDto>(Json.Options))!;
    }

    /// <summary>Full marks on every criterion but the first, which gets <paramref name="first"/>.</summary>
    public static object Feedback(Core.Feedback.Rubric rubric, int first, string? answer = null) => new
    {
        scores = rubric.Criteria.Select((c, i) => (c.Id, Score: i == 0 ? first : c.MaxScore)).ToDictionary(x => x.Id, x => x.Score),
        answers = answer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [rubric.Prompts[0].Id] = answer },
    };
}
