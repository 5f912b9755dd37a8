using System.Net;
using System.Net.Sockets;

namespace Roundtable.Testing;

/// <summary>Where the repository and the server's binaries are, free ports and throw-away folders.</summary>
public static class TestEnvironment
{
    /// <summary>Debug or Release: whatever the test assembly was built as (…/bin/{Configuration}/net10.0/).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The built server; ROUNDTABLE_SERVER_DLL points the tests at another build (e.g. an older one, to see a test fail).</summary>
    public static string ServerDll =>
        Environment.GetEnvironmentVariable("ROUNDTABLE_SERVER_DLL") is { Length: > 0 } dll
            ? dll
            : Path.Combine(RepoRoot, "src", "Roundtable.Server", "bin", Configuration, "net10.0", "Roundtable.Server.dll");

    public static string WebRoot => Path.Combine(RepoRoot, "wwwroot");

    /// <summary>A loopback port nobody listens on right now; never a fixed one, so parallel runs do not collide.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Set ROUNDTABLE_KEEP_TEST_DIRS=1 to keep servers' logs and data (and Redis's AOF) after the run.</summary>
    public static bool KeepDirectories { get; } = Environment.GetEnvironmentVariable("ROUNDTABLE_KEEP_TEST_DIRS") == "1";

    /// <summary>A new, empty folder under the temp directory, named after what it is for.</summary>
    public static string NewTempDirectory(string name)
    {
        var path = TempDirectoryPath(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A fresh path under the temp directory, not created (a server creates its data directory itself).</summary>
    public static string TempDirectoryPath(string name) =>
        Path.Combine(Path.GetTempPath(), "roundtable-tests", $"{name}-{Guid.NewGuid():N}");

    /// <summary>Deletes a test's folder; a file still held open is left to the OS's temp cleaner rather than failing the run.</summary>
    public static void DeleteTempDirectory(string path)
    {
        if (KeepDirectories)
        {
            return;
        }
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Roundtable.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Roundtable.sln not found above " + AppContext.BaseDirectory);
    }
}
