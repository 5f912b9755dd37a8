namespace Roundtable.Server.Web;

/// <summary>How the server is reached from browsers and proxies. Bound from the "Web" section.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>
    /// Origins (scheme://host[:port]) whose pages may use the session cookie on the hubs and on state-changing
    /// requests, besides the request's own origin (its scheme and Host header), which is always allowed. Needed when a
    /// proxy in front rewrites the Host header or the scheme without forwarding it.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Addresses of proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (loopback always is). Only a
    /// believed proxy can make a request count as HTTPS (Secure cookie, HSTS) or give the client's address.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 172.16.0.0/12) whose proxies are believed, as <see cref="KnownProxies"/>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How long browsers keep to HTTPS after an HTTPS response (Strict-Transport-Security); zero sends none.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
