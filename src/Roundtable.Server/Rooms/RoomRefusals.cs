using Roundtable.Core.Rooms;

namespace Roundtable.Server.Rooms;

/// <summary>Refusals a feature's service gives before any command runs, in the shape of a command's outcome.</summary>
internal static class RoomRefusals
{
    public static CommandOutcome Refused(Rejection rejection, string reason) => new(Decision.Reject(rejection, reason), []);

    /// <summary>What a refusal may echo of a value the caller gave: at most its first 40 characters.</summary>
    public static string Echo(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";
}
