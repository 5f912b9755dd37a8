using Roundtable.Server.Scaleout;
using StackExchange.Redis;

namespace Roundtable.Server.Tests;

/// <summary>
/// When an append fails, "nothing was saved" only for a command StackExchange.Redis never sent; anything that may have
/// reached Redis is an unknown outcome (see RedisEventLog.CertainlyNotSent).
/// </summary>
public sealed class RedisOutcomeTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        // Refused before writing: no connection (fail-fast backlog) or still queued.
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, "no connection", null, CommandStatus.WaitingToBeSent), true },
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, "backlog", null, CommandStatus.WaitingInBacklog), true },
        { new RedisTimeoutException("timed out in the backlog", CommandStatus.WaitingInBacklog), true },
        // The library cancels only commands it refused to write; a disposed multiplexer writes nothing.
        { new TaskCanceledException(), true },
        { new ObjectDisposedException("multiplexer"), true },
        // Sent, reply lost or late: the script may have run.
        { new RedisTimeoutException("timed out waiting for the reply", CommandStatus.Sent), false },
        { new RedisConnectionException(ConnectionFailureType.SocketFailure, "dead socket", null, CommandStatus.Sent), false },
        // Not known: treated as possibly run.
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, "socket closed with replies outstanding"), false },
        { new RedisTimeoutException("unknown", CommandStatus.Unknown), false },
        { new TimeoutException("some other timeout"), false },
        // Seen when the client gave up on a silent socket with replies outstanding.
        { new InvalidOperationException("Reading is not allowed after reader was completed."), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void OnlyACommandThatNeverLeftTheProcessCountsAsNotSaved(Exception failure, bool notSent) =>
        Assert.Equal(notSent, RedisEventLog.CertainlyNotSent(failure));

    [Theory]
    [MemberData(nameof(Failures))]
    public void EveryRedisFailureCountsAsAnOutage(Exception failure, bool _) => Assert.True(RedisReachability.IsOutage(failure));

    [Fact]
    public void AnErrorReplyFromRedisIsNoOutage() => Assert.False(RedisReachability.IsOutage(new RedisServerException("ERR wrong number of arguments")));
}
