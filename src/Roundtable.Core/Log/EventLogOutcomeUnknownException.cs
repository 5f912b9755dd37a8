namespace Roundtable.Core.Log;

/// <summary>
/// The log could not tell whether an append was stored: the store failed after the change may have reached it (a
/// Redis timeout after the script ran, a flush to disk that failed). Never reported as "not saved": the caller is told
/// the outcome is unknown, and a retry with the same idempotency key (e.g. a message's client id) finds what was stored.
/// </summary>
public sealed class EventLogOutcomeUnknownException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What a person is told: the change may or may not have been saved, and sending it again is safe.</summary>
    public const string DefaultMessage =
        "We could not confirm whether your change was saved. Send it again: it will not be saved twice.";

    public EventLogOutcomeUnknownException(Exception? inner = null)
        : this(DefaultMessage, inner)
    {
    }
}
