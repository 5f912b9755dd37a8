namespace Roundtable.Server.Web;

/// <summary>Serves the browser client from the repository's wwwroot/, with headers that keep user content inert.</summary>
public static class WebClient
{
    private const string WebRootVariable = "ROUNDTABLE_WEBROOT";

    /// <summary>
    /// wwwroot/ sits at the repository root, not in the project: take ROUNDTABLE_WEBROOT when set, else the nearest
    /// wwwroot/ holding index.html above the working directory or the binaries.
    /// </summary>
    public static string? LocateWebRoot()
    {
        if (Environment.GetEnvironmentVariable(WebRootVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "wwwroot");
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    public static WebApplication UseWebClient(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            // No inline script anywhere: even a sanitiser slip could not run code.
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The client is small and changes with each deployment: always revalidate.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
