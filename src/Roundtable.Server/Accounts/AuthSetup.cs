using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Roundtable.Server.Email;
using Roundtable.Server.Projection;
using Roundtable.Server.Rooms;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Accounts;

public static class AuthSetup
{
    public const string AdminPolicy = "admin";
    public const string SignInRateLimit = "sign-in";
    private const string SmartScheme = "cookie-or-bearer";

    /// <summary>
    /// Cookie sign-in for the browser, bearer tokens for API and load clients, chosen per request; every endpoint
    /// and the hub require a signed-in user unless marked anonymous.
    /// </summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        // A missing list of common passwords stops the server at start rather than letting every password through.
        builder.Services.AddOptions<AuthOptions>()
            .Validate(o => File.Exists(PasswordPolicy.CommonPasswordsPath(o)), $"The list of common passwords ({AuthOptions.Section}:{nameof(AuthOptions.CommonPasswordsFile)}) is missing; the build copies it from npm.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<PasswordPolicy>();
        builder.Services.AddSingleton<SessionService>();
        builder.Services.Configure<AccountsOptions>(builder.Configuration.GetSection(AccountsOptions.Section));
        builder.Services.AddSingleton<AccountLinks>();
        builder.Services.AddSingleton<InvitationSender>();
        builder.Services.AddEventMailer<InvitationMailer>();
        builder.Services.AddSingleton<PasswordResets>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PasswordResets>());
        // Open hub connections of an ended session are closed, not only refused at their next connect. Added before
        // the limits' filter, so a call of an ended session is refused before it costs anything.
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddSingleton<IProjectionListener, SessionEnds>();
        builder.Services.AddSignalR(o => o.AddFilter<HubSessions>());

        // Where the cookie keys live depends on the deployment: see Deployment/AddDeployment.
        builder.Services.AddDataProtection().SetApplicationName("roundtable");

        builder.Services
            .AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "roundtable";
                o.Cookie.HttpOnly = true;
                // Strict same-site plus JSON-only endpoints keep other sites from acting with this cookie.
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request is HTTPS, directly or as a believed proxy forwards it (WebSecurity).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                // An API answers 401/403; it never redirects to a sign-in page.
                o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                // A signed-out session's cookie (or one issued before a password change) is refused and removed.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    if (ctx.Principal is null || !ctx.HttpContext.RequestServices.GetRequiredService<SessionService>().IsCurrent(ctx.Principal))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            })
            .AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // WebSockets cannot send headers: the SignalR client passes the token in the query string.
                    OnMessageReceived = ctx =>
                    {
                        if (ctx.HttpContext.Request.Path.StartsWithSegments(RoomsPaths.Hub)
                            && ctx.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            ctx.Token = token;
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ctx =>
                    {
                        if (ctx.Principal is null || !ctx.HttpContext.RequestServices.GetRequiredService<SessionService>().IsCurrent(ctx.Principal))
                        {
                            ctx.Fail("This session has ended: sign in again.");
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((o, auth) => o.ExpireTimeSpan = auth.Value.CookieLifetime);
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((o, tokens) => o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = tokens.Issuer,
                ValidAudience = tokens.Issuer,
                IssuerSigningKey = tokens.SigningKey,
                NameClaimType = RoundtableClaims.Name,
                ClockSkew = TimeSpan.FromSeconds(30),
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
                ctx.Resource is HttpContext http
                && http.RequestServices.GetRequiredService<AccountService>().FindById(ctx.User.UserId() ?? "") is { IsAdmin: true }));

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Password guessing is limited per client address.
            o.AddPolicy(SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        return builder;
    }

    private static string SelectScheme(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (http.Request.Path.StartsWithSegments(RoomsPaths.Hub) && http.Request.Query.ContainsKey("access_token")))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }
        return CookieAuthenticationDefaults.AuthenticationScheme;
    }
}
