using Microsoft.Extensions.Logging.Abstractions;
using Roundtable.Core.Directory;
using Roundtable.Core.Log;
using Roundtable.Server.Projection;
using Roundtable.Server.Storage;

namespace Roundtable.Server.Tests;

public sealed class StorageConcurrencyTests : IDisposable
{
    private readonly string _directory = RoundtableFactory.NewDataDirectory();

    public void Dispose() => RoundtableFactory.TryDelete(_directory);

    [Fact]
    public async Task TheLogAndTheProjectorWritingAtOnceLeaveAFileThatReadsBackWhole()
    {
        const int users = 600;
        var path = Path.Combine(_directory, "roundtable.db");
        using (var db = new RoundtableDb(path))
        using (var log = new LiteDbEventLog(db, TimeProvider.System, NullLogger<LiteDbEventLog>.Instance))
        {
            var projector = new Projector(log, db, new ReadModelCache(), NullLogger<Projector>.Instance);
            await projector.StartAsync(CancellationToken.None);
            var rooms = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
            {
                for (var i = 0; i < users; i++)
                {
                    var room = $"room-{r}";
                    await log.AppendAsync(room, await log.GetStreamVersionAsync(room), [new Core.Rooms.MessagePosted("u", "U", new string('m', 300), "<p>m</p>", null)]);
                }
            }));
            for (var i = 0; i < users; i++)
            {
                var result = await log.AppendAsync(StreamNames.Directory, i, [new UserRegistered($"user{i:D4}", $"user{i}@example.com", $"User {i}", new string('h', 80), false)]);
                Assert.True(result.Succeeded);
                if (i == 0)
                {
                    await projector.WaitForAsync(result.LastPosition).WaitAsync(TimeSpan.FromSeconds(10));
                }
                if (i % 10 == 0)
                {
                    // Readers keep reading while both write.
                    Assert.NotNull(db.Users.FindOne(u => u.Email == "user0@example.com"));
                }
            }
            await Task.WhenAll(rooms);
            await projector.WaitForAsync(await log.GetHeadPositionAsync()).WaitAsync(TimeSpan.FromSeconds(30));
            await projector.StopAsync(CancellationToken.None);
        }

        using var reopened = new RoundtableDb(path);
        Assert.Equal(users, reopened.Users.Count());
        for (var i = 0; i < users; i++)
        {
            var email = $"user{i}@example.com";
            Assert.Equal($"user{i:D4}", reopened.Users.FindOne(u => u.Email == email)?.Id);
        }
        Assert.Equal(users * 5, reopened.Events.Count());
    }
}
