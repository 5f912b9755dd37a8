using Roundtable.Server.Email;
using Roundtable.Server.Projection;

namespace Roundtable.Server.Discussions;

public static class DiscussionsSetup
{
    public static WebApplicationBuilder AddDiscussions(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DiscussionsOptions>(builder.Configuration.GetSection(DiscussionsOptions.Section));
        builder.Services.AddSingleton<DiscussionWriter>();
        builder.Services.AddSingleton<DiscussionWatchers>();
        builder.Services.AddSingleton<DiscussionLiveUpdates>();
        builder.Services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<DiscussionLiveUpdates>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DiscussionLiveUpdates>());
        builder.Services.AddSingleton<DiscussionMailer>();
        builder.Services.AddSingleton<IEventMailer>(provider => provider.GetRequiredService<DiscussionMailer>());
        builder.Services.AddSingleton<DiscussionReplyDigests>();
        builder.Services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<DiscussionReplyDigests>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DiscussionReplyDigests>());
        return builder;
    }
}
