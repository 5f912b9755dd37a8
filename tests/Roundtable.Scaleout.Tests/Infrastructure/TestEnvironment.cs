using System.Net;
using System.Net.Sockets;

namespace Roundtable.Scaleout.Tests.Infrastructure;

/// <summary>Where the repository and the server's binaries are, as seen from this test assembly.</summary>
public static class TestEnvironment
{
    /// <summary>Debug or Release: whatever this test assembly was built as (…/bin/{Configuration}/net10.0/).</summary>
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

    /// <summary>Set ROUNDTABLE_KEEP_TEST_DIRS=1 to keep nodes' logs and data and Redis's AOF after the run.</summary>
    public static bool KeepDirectories { get; } = Environment.GetEnvironmentVariable("ROUNDTABLE_KEEP_TEST_DIRS") == "1";

    public static void DeleteTempDirectory(string path)
    {
        if (KeepDirectories)
        {
            return;
        }
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string NewTempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "roundtable-scaleout", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
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
