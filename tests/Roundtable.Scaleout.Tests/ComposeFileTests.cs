using System.Diagnostics;
using Roundtable.Scaleout.Tests.Infrastructure;

namespace Roundtable.Scaleout.Tests;

public sealed class ComposeFileTests
{
    /// <summary>Validates docker-compose.yml with whichever compose client exists; skipped (not passed) when none does.</summary>
    [SkippableFact]
    public async Task ComposeFileIsValid()
    {
        string[][] candidates = [["docker-compose"], ["docker", "compose"]];
        foreach (var command in candidates)
        {
            var (available, _) = await RunAsync(command.Concat(["version"]).ToArray());
            if (!available)
            {
                continue;
            }
            var (valid, text) = await RunAsync(command.Concat(["-f", Path.Combine(TestEnvironment.RepoRoot, "docker-compose.yml"), "config", "--quiet"]).ToArray());
            Assert.True(valid, $"{string.Join(' ', command)} config failed:\n{text}");
            return;
        }
        Skip.If(true, "No docker-compose or docker compose client on this machine; the compose file was not checked.");
    }

    private static async Task<(bool Succeeded, string Output)> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestEnvironment.RepoRoot,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode == 0, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, $"{command[0]} not found");
        }
    }
}
