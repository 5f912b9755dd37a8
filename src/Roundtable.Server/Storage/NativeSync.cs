using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Roundtable.Server.Storage;

/// <summary>
/// fdatasync and a folder's fsync through libc on Linux: a file renamed into place is durable only once its folder is
/// synced too (the log's segments, uploads, the mail outbox).
/// </summary>
internal static class NativeSync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    /// <summary>fdatasync(2): Linux only.</summary>
    public static void DataSync(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                throw ErrnoException("fdatasync");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var fd = open(directory, ReadOnlyDirectory);
        if (fd < 0)
        {
            throw ErrnoException("open");
        }
        try
        {
            if (fsync(fd) != 0)
            {
                throw ErrnoException("fsync");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static IOException ErrnoException(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    // DllImport, not LibraryImport: the generated marshalling would need unsafe code in this project.
    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
