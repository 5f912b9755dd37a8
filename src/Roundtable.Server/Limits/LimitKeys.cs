namespace Roundtable.Server.Limits;

/// <summary>
/// The name of every limit's state in the <see cref="ILimitStore"/> (under "{prefix}:limit:" in Redis, see RedisKeys).
/// Names carry user ids, hub names, addresses and digests, never an email address or a token.
/// </summary>
public static class LimitKeys
{
    /// <summary>A person's token bucket for hub calls.</summary>
    public static string Commands(string userId) => $"commands:{userId}";

    /// <summary>A person's token bucket for HTTP writes.</summary>
    public static string ApiWrites(string userId) => $"api-writes:{userId}";

    /// <summary>A client address's token bucket for HTTP writes made signed out.</summary>
    public static string ApiWritesOfAddress(string address) => $"api-writes:address:{address}";

    /// <summary>A person's open connections to one hub.</summary>
    public static string Connections(string hub, string userId) => $"connections:{hub}:{userId}";

    /// <summary>A person's token bucket for requests through the media proxy.</summary>
    public static string MediaProxy(string userId) => $"media-proxy:{userId}";

    /// <summary>Failed sign-ins and the lockout of one email, by a digest of the normalised address.</summary>
    public static string SignIn(string emailDigest) => $"sign-in:{emailDigest}";
}
