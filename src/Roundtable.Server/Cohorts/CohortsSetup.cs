namespace Roundtable.Server.Cohorts;

public static class CohortsSetup
{
    /// <summary>The directory's one writer and who may see and do what in a cohort.</summary>
    public static WebApplicationBuilder AddCohorts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DirectoryWriter>();
        builder.Services.AddSingleton<CohortAccess>();
        return builder;
    }
}
