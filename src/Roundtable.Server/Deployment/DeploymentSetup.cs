using Roundtable.Server.Scaleout;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Deployment;

public static class DeploymentSetup
{
    /// <summary>
    /// The one switch between the deployments. Both keep this node's LiteDB read models, following the log
    /// (<see cref="StorageSetup.AddNodeStorage"/>). Embedded (the default): the LiteDB log, in-process fan-out,
    /// presence and limits in this process (<see cref="StorageSetup.AddEmbedded"/>). Scaled out (Redis:Configuration
    /// set): the Redis Streams log, the SignalR Redis backplane, presence, limits and keys shared through Redis
    /// (<see cref="ScaleoutSetup.AddScaledOut"/>). Everything above these interfaces is the same code.
    /// </summary>
    public static WebApplicationBuilder AddDeployment(this WebApplicationBuilder builder) =>
        RedisOptions.IsEnabled(builder.Configuration)
            ? builder.AddNodeStorage().AddScaledOut()
            : builder.AddNodeStorage().AddEmbedded();
}
