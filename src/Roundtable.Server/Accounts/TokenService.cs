using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Accounts;

/// <summary>Issues and describes the signed, expiring bearer tokens that API and load clients use.</summary>
public sealed class TokenService
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;

    public TokenService(IOptions<AuthOptions> options, IOptions<StorageOptions> storage, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        SigningKey = new SymmetricSecurityKey(LoadOrCreateKey(_options, storage.Value));
    }

    public SymmetricSecurityKey SigningKey { get; }

    public string Issuer => _options.Issuer;

    /// <summary>A token for a new session of <paramref name="user"/>, carrying its id and the account's security stamp.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(UserRecord user, string sessionId)
    {
        var now = _time.GetUtcNow();
        var expires = now + _options.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Issuer,
            Subject = new ClaimsIdentity(SessionService.NewSession(user, sessionId)),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    private static byte[] LoadOrCreateKey(AuthOptions options, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            var configured = Convert.FromBase64String(options.SigningKey);
            return configured.Length >= 32
                ? configured
                : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes (base64).");
        }
        var path = Path.Combine(Path.GetFullPath(storage.DataDirectory), "token-signing.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        return key;
    }
}
