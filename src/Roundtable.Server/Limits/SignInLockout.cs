using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Limits;

/// <summary>
/// Password guessing against one account, from any number of addresses: failed sign-ins are counted per normalised
/// email in the deployment's <see cref="ILimitStore"/> (so on every node), and after
/// <see cref="LimitsOptions.SignInFailuresBeforeLockout"/> the email is locked for a while that doubles with each further
/// failure. While locked, every attempt is refused before the password is checked, the right one too. Unknown emails
/// are counted and locked the same way, with the same answers, so the lockout says nothing about who has an account.
/// Attempts count when they start, so no more than the allowed failures can be in flight at once; the price is that
/// as many sign-ins to one account at the same instant, right or wrong, lock it too.
/// </summary>
public sealed class SignInLockout(ILimitStore store, AccountService accounts, RefusalLog refusals, IOptions<LimitsOptions> options)
{
    /// <summary>
    /// The account these credentials sign in to (null when they are wrong), or, while the email is locked, the 429
    /// to answer instead (Retry-After is set on <paramref name="http"/>'s response).
    /// </summary>
    public async Task<(UserRecord? User, ProblemHttpResult? Locked)> VerifyAsync(string? email, string? password, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return (null, null);
        }
        var key = KeyOf(email);
        var attempt = await store.BeginAttemptAsync(key, options.Value.SignIn);
        if (!attempt.Allowed)
        {
            refusals.Refused(LimitKind.SignIn, "account " + key);
            http.Response.Headers.RetryAfter = UserLimits.RetryAfterSeconds(attempt.RetryAfter);
            return (null, TypedResults.Problem(
                $"Too many failed sign-ins with this email. Wait {UserLimits.Describe(attempt.RetryAfter)}, then try again.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Sign-in paused"));
        }
        var user = accounts.VerifyPassword(email, password);
        if (user is not null)
        {
            await store.ForgetAttemptsAsync(key);
        }
        return (user, null);
    }

    /// <summary>A digest of the normalised email: keeps addresses out of Redis keys and logs (a label, not a secret).</summary>
    private static string KeyOf(string email) =>
        LimitKeys.SignIn(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AccountService.NormaliseEmail(email))))[..32]);
}
