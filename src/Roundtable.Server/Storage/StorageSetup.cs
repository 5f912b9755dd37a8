using Microsoft.AspNetCore.DataProtection;
using Roundtable.Core.Log;
using Roundtable.Server.Limits;
using Roundtable.Server.Projection;
using Roundtable.Server.Rooms;

namespace Roundtable.Server.Storage;

public static class StorageSetup
{
    /// <summary>
    /// What every node keeps, in either deployment: its LiteDB file, the projector that keeps its read models current
    /// from the event log, and the one writer every append goes through (which log: Deployment/AddDeployment).
    /// </summary>
    public static WebApplicationBuilder AddNodeStorage(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoundtableDb>();
        builder.Services.AddSingleton<ReadModelCache>();
        builder.Services.AddSingleton<Projector>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Projector>());
        builder.Services.AddSingleton(sp => new EventStreamWriter(sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<Projector>()));
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }

    /// <summary>The embedded deployment: the LiteDB log in this node's file, presence and limits in this process.</summary>
    public static WebApplicationBuilder AddEmbedded(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddSingleton<IEventLog, LiteDbEventLog>();
        builder.Services.AddSingleton<IPresenceRegistry, LocalPresenceRegistry>();
        builder.Services.AddSingleton<ILimitStore, MemoryLimitStore>();
        // Cookies are protected with keys kept beside the data, so sign-ins survive a restart.
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(storage.DataDirectory), "keys")));
        return builder;
    }
}
