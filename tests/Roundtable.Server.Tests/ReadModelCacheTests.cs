using Roundtable.Server.Projection;

namespace Roundtable.Server.Tests;

public sealed class ReadModelCacheTests
{
    private sealed record Box(string Value);

    [Fact]
    public void ARecordIsReadOnceUntilTheDirectoryChanges()
    {
        var cache = new ReadModelCache();
        var loads = 0;
        Box Load(string id) { loads++; return new Box(id + loads); }

        Assert.Equal("u1", cache.Get("u", Load)!.Value);
        Assert.Equal("u1", cache.Get("u", Load)!.Value);
        Assert.Equal(1, loads);

        cache.Clear();
        Assert.Equal("u2", cache.Get("u", Load)!.Value);
    }

    [Fact]
    public void ARecordReadWhileTheDirectoryChangedIsNotKept()
    {
        var cache = new ReadModelCache();
        var stored = "before";

        // The projector commits and clears while this read is still on its way with the old value.
        var first = cache.Get("u", _ =>
        {
            var value = new Box(stored);
            stored = "after";
            cache.Clear();
            return value;
        });

        Assert.Equal("before", first!.Value);
        Assert.Equal("after", cache.Get("u", _ => new Box(stored))!.Value);
    }

    [Fact]
    public void AMissingRecordIsRememberedAsMissingUntilTheDirectoryChanges()
    {
        var cache = new ReadModelCache();
        Assert.Null(cache.Get<Box>("nobody", _ => null));
        Assert.Null(cache.Get("nobody", _ => new Box("too early")));
        cache.Clear();
        Assert.Equal("registered", cache.Get("nobody", _ => new Box("registered"))!.Value);
    }
}
