namespace Roundtable.Core.Log;

/// <summary>The log could not take or give events right now (storage failure, Redis unreachable). Nothing was appended.</summary>
public sealed class EventLogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
