using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Roundtable.Core.Log;
using Roundtable.Server.Accounts;
using Roundtable.Server.Limits;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;
using StackExchange.Redis;

namespace Roundtable.Server.Scaleout;

public static class ScaleoutSetup
{
    /// <summary>
    /// The scaled-out deployment (Redis:Configuration set; the switch is Deployment/AddDeployment): the Redis Streams log
    /// archived into each node's LiteDB, the SignalR Redis backplane, presence, limits and keys shared through Redis.
    /// </summary>
    public static WebApplicationBuilder AddScaledOut(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RedisOptions.Section);
        builder.Services.Configure<RedisOptions>(section);
        var options = section.Get<RedisOptions>()!;
        var keys = new RedisKeys(options.Prefix);
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        // Start and keep running while Redis is away; commands then fail fast instead of queueing.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.CommandTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new LinearRetry(500);
        var redis = ConnectionMultiplexer.Connect(configuration);

        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton<RedisReachability>();
        builder.Services.AddHealthChecks().AddCheck<RedisReadinessCheck>("redis", tags: ["ready"]);
        builder.Services.AddSingleton<IEventLog, RedisEventLog>();
        // Each node archives the log into its LiteDB; Redis keeps only what some live node still needs, plus a retention.
        builder.Services.AddSingleton<LogArchive>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<LogArchiver>(sp, (RedisEventLog)sp.GetRequiredService<IEventLog>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LogArchiver>());
        builder.Services.AddHostedService<LogTrimmer>();
        builder.Services.AddSingleton<IPresenceRegistry, RedisPresenceRegistry>();
        builder.Services.AddSingleton<NodeHeartbeat>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeHeartbeat>());
        builder.Services.AddSingleton<RedisLimitStore>();
        builder.Services.AddSingleton<ILimitStore>(sp => sp.GetRequiredService<RedisLimitStore>());
        builder.Services.AddHostedService<ConnectionLeaseRenewal>();
        builder.Services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = configuration.Clone();
            o.Configuration.ChannelPrefix = keys.Backplane;
        });
        // Every node shares the cookie keys and the token key.
        builder.Services.AddDataProtection().PersistKeysToStackExchangeRedis(redis, keys.DataProtectionKeys);
        builder.Services.PostConfigure<AuthOptions>(auth =>
        {
            if (string.IsNullOrWhiteSpace(auth.SigningKey))
            {
                auth.SigningKey = SharedSigningKey(redis, keys);
            }
        });
        return builder;
    }

    /// <summary>The first node to start creates the token key; the others read the same one.</summary>
    private static string SharedSigningKey(IConnectionMultiplexer redis, RedisKeys keys)
    {
        var db = redis.GetDatabase();
        db.StringSet(keys.TokenSigningKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
        return db.StringGet(keys.TokenSigningKey)!;
    }
}
