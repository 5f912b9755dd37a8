using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Roundtable.Server.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task SettingsFilesAreReadOnceAndNotWatched()
    {
        // A watch on appsettings.json watches the whole content root, data directory included, so every page the
        // log writes would wake the watcher.
        await using var factory = await new RoundtableFactory().StartAsync();
        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();

        var settingsFiles = configuration.Providers.OfType<JsonConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.Contains(settingsFiles, source => source.Path == "appsettings.json");
        Assert.All(settingsFiles, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched"));
    }
}
