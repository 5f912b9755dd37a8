using Roundtable.Server.Projection;

namespace Roundtable.Server.AsyncPresentations;

public static class AsyncPresentationsSetup
{
    public static WebApplicationBuilder AddAsyncPresentations(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<UploadOptions>(builder.Configuration.GetSection(UploadOptions.Section));
        builder.Services.Configure<AsyncPresentationOptions>(builder.Configuration.GetSection(AsyncPresentationOptions.Section));
        builder.Services.AddSingleton<UploadStore>();
        builder.Services.AddSingleton<AsyncPresentationWriter>();
        builder.Services.AddSingleton<UploadRemoval>();
        builder.Services.AddSingleton<UnusedUploadsCleanup>();
        builder.Services.AddSingleton<IProjectionListener>(provider => provider.GetRequiredService<UnusedUploadsCleanup>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<UnusedUploadsCleanup>());
        builder.Services.AddSingleton<AsyncReviewDeadlines>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AsyncReviewDeadlines>());
        return builder;
    }

    public static IEndpointRouteBuilder MapAsyncPresentations(this IEndpointRouteBuilder app) => app.MapUploadsApi().MapAsyncPresentationsApi();
}
