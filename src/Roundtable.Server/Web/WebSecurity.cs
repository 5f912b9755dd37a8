using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Web;

/// <summary>Transport security in front of everything else: forwarded headers from believed proxies, HSTS, the origin check.</summary>
public static class WebSecurity
{
    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebOptions>(builder.Configuration.GetSection(WebOptions.Section));
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((o, web) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Added to the defaults (loopback), so a proxy on the same machine keeps working.
            foreach (var proxy in web.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"Web:KnownProxies has '{proxy}', which is not an IP address."));
            }
            foreach (var network in web.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"Web:KnownNetworks has '{network}', which is not a network such as 10.0.0.0/8."));
            }
        });
        builder.Services.AddOptions<HstsOptions>().Configure<IOptions<WebOptions>>((o, web) => o.MaxAge = web.Value.HstsMaxAge);
        return builder;
    }

    /// <summary>
    /// First in the pipeline: the scheme and client address from a believed proxy, then HSTS (on HTTPS responses,
    /// never for localhost), then the origin check before anything reads the cookie.
    /// </summary>
    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<WebOptions>>().Value.HstsMaxAge > TimeSpan.Zero)
        {
            app.UseHsts();
        }
        app.UseMiddleware<OriginCheck>();
        return app;
    }
}
