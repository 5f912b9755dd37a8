using Microsoft.AspNetCore.Http.HttpResults;
using Roundtable.Server.Accounts;

namespace Roundtable.Server.Setup;

public sealed record SetupStatus(bool Open);

public sealed record FirstAdminRequest(string? Token, string? Email, string? DisplayName, string? Password);

/// <summary>First-run set-up: whether it is open, and creating the first admin with the set-up token (once).</summary>
public static class SetupApi
{
    public static IEndpointRouteBuilder MapSetupApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/setup", Status).WithTags("Setup").AllowAnonymous();
        // Token guessing is held to the sign-in limit per client address (and a token is 128 random bits besides).
        app.MapPost("/api/setup", CreateFirstAdmin).WithTags("Setup").AllowAnonymous().RequireRateLimiting(AuthSetup.SignInRateLimit)
            .WithDescription("Creates the first admin account with the one-time set-up token; refused once an admin exists.");
        return app;
    }

    private static Ok<SetupStatus> Status(FirstRunSetup setup) => TypedResults.Ok(new SetupStatus(setup.IsOpen));

    private static async Task<Results<Created<UserDto>, ProblemHttpResult>> CreateFirstAdmin(
        FirstAdminRequest request, FirstRunSetup setup, CancellationToken cancellationToken)
    {
        var (user, problem) = await setup.CreateFirstAdminAsync(request.Token, request.Email, request.DisplayName, request.Password, cancellationToken);
        return problem is not null ? problem.ToResult() : TypedResults.Created("/api/me", UserDto.From(user!));
    }
}

public static class FirstRunSetupRegistration
{
    public static WebApplicationBuilder AddFirstRunSetup(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SetupOptions>(builder.Configuration.GetSection(SetupOptions.Section));
        builder.Services.AddSingleton<FirstRunSetup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FirstRunSetup>());
        return builder;
    }
}
