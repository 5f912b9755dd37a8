namespace Roundtable.Server.Wiki;

public static class WikiSetup
{
    public static WebApplicationBuilder AddWiki(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WikiOptions>().Bind(builder.Configuration.GetSection(WikiOptions.Section));
        builder.Services.AddSingleton<WikiWriter>();
        return builder;
    }
}
