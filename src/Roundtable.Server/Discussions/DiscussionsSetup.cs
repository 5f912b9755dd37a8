namespace Roundtable.Server.Discussions;

public static class DiscussionsSetup
{
    public static WebApplicationBuilder AddDiscussions(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DiscussionsOptions>(builder.Configuration.GetSection(DiscussionsOptions.Section));
        builder.Services.AddSingleton<DiscussionWriter>();
        return builder;
    }
}
