using Microsoft.Extensions.Options;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Search;

public static class SearchSetup
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().Bind(builder.Configuration.GetSection(SearchOptions.Section));
        builder.Services.AddSingleton(sp => new SearchIndex(Path.GetFullPath(Path.Combine(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, sp.GetRequiredService<IOptions<SearchOptions>>().Value.IndexDirectory))));
        builder.Services.AddHostedService<SearchIndexer>();
        builder.AddSearchSource<WikiSearchSource>();
        builder.AddSearchSource<Discussions.DiscussionSearchSource>();
        builder.AddSearchSource<Rooms.TranscriptSearchSource>();
        return builder;
    }

    /// <summary>Adds a kind of searchable thing: one line per source.</summary>
    public static WebApplicationBuilder AddSearchSource<TSource>(this WebApplicationBuilder builder) where TSource : class, ISearchSource
    {
        builder.Services.AddSingleton<ISearchSource, TSource>();
        return builder;
    }
}
