using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Roundtable.Server.Limits;

public enum LimitKind
{
    /// <summary>Hub calls, cost-weighted, per person.</summary>
    Commands,

    /// <summary>State-changing HTTP requests, per person (per address when signed out).</summary>
    ApiWrites,

    /// <summary>Open hub connections, per person and hub.</summary>
    Connections,

    /// <summary>Sign-in attempts while an account is locked.</summary>
    SignIn,
}

/// <summary>
/// Logs refusals by the limits: once per <see cref="LimitsOptions.RefusalLogWindow"/> for each kind and each person (or
/// address, or account), with how many more there were since the last report. A flood from one script is thousands of
/// refusals a minute; one line a minute says as much.
/// </summary>
public sealed partial class RefusalLog(IOptions<LimitsOptions> options, TimeProvider time, ILogger<RefusalLog> logger)
{
    private const int SweepAbove = 4096;

    private readonly ConcurrentDictionary<(LimitKind Kind, string Who), Window> _windows = new();

    /// <param name="who">Whom it was refused: "user {id}", "address {ip}", "account {key}" (never an email address).</param>
    public void Refused(LimitKind kind, string who)
    {
        var now = time.GetUtcNow();
        var length = options.Value.RefusalLogWindow;
        if (_windows.Count > SweepAbove)
        {
            foreach (var (key, old) in _windows)
            {
                if (now - old.Started >= length)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
        var window = _windows.GetOrAdd((kind, who), _ => new Window { Started = DateTimeOffset.MinValue });
        long unreported;
        lock (window)
        {
            if (now - window.Started < length)
            {
                window.Unreported++;
                return;
            }
            unreported = window.Unreported;
            window.Started = now;
            window.Unreported = 0;
        }
        LogRefused(kind, who, unreported, length);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning,
        Message = "{Kind} limit reached by {Who}: refused ({Unreported} refusals went unreported since the last report; the next report after {Window})")]
    private partial void LogRefused(LimitKind kind, string who, long unreported, TimeSpan window);

    private sealed class Window
    {
        public DateTimeOffset Started;
        public long Unreported;
    }
}
