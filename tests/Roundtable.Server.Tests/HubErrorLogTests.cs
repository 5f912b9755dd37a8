using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Roundtable.Core.Log;
using Roundtable.Server.Diagnostics;

namespace Roundtable.Server.Tests;

/// <summary>
/// With SignalR's own per-call error logging turned down, a hub method that really fails is still logged at Error,
/// once, with its exception; a refusal meant for the caller is not logged at all.
/// </summary>
public sealed class HubErrorLogTests
{
    [Fact]
    public async Task AFailureIsLoggedOnceAtErrorAndARefusalNotAtAll()
    {
        using var logs = new TestLogs();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var filter = new HubErrorLog(factory.CreateLogger<HubErrorLog>());
        var context = new HubInvocationContext(new Caller(), new NoServices(), new SomeHub(), typeof(SomeHub).GetMethod(nameof(SomeHub.Work))!, []);

        var bug = new InvalidOperationException("a bug");
        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => filter.InvokeMethodAsync(context, _ => throw bug).AsTask()));
        await Assert.ThrowsAsync<HubException>(() => filter.InvokeMethodAsync(context, _ => throw new HubException("Slow down")).AsTask());
        await Assert.ThrowsAsync<EventLogUnavailableException>(() =>
            filter.InvokeMethodAsync(context, _ => throw new EventLogUnavailableException("Redis is away", new TimeoutException())).AsTask());
        Assert.Equal("done", await filter.InvokeMethodAsync(context, _ => ValueTask.FromResult<object?>("done")));

        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(bug, entry.Exception);
        Assert.Equal("SomeHub.Work failed", entry.Message);
    }

    private sealed class SomeHub : Hub
    {
        public void Work()
        {
        }
    }

    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class Caller : HubCallerContext
    {
        public override string ConnectionId => "c1";
        public override string? UserIdentifier => null;
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
