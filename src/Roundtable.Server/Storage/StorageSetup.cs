using Roundtable.Core.Log;
using Roundtable.Server.Cohorts;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Storage;

public static class StorageSetup
{
    /// <summary>
    /// The node's LiteDB file and the projector that keeps its read models current from the event log
    /// (which log: see ScaleoutSetup.AddDeployment).
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoundtableDb>();
        builder.Services.AddSingleton<ReadModelCache>();
        builder.Services.AddSingleton<Projector>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Projector>());
        builder.Services.AddSingleton(sp => new EventStreamWriter(sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<Projector>()));
        builder.Services.AddSingleton<DirectoryWriter>();
        builder.Services.AddSingleton<CohortAccess>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }
}
