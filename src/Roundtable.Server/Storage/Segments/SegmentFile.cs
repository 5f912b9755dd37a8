using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Roundtable.Server.Storage.Segments;

/// <summary>One open segment file, as the log's writer uses it. A seam: tests put a recording or failing file here.</summary>
public interface ISegmentFile : IDisposable
{
    /// <summary>Writes at an offset, all of it or an exception (a short write is retried until done or failed).</summary>
    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Makes what was written durable (fdatasync on Linux).</summary>
    void Sync();

    /// <summary>Cuts the file to a length (needs no free space).</summary>
    void Truncate(long length);
}

/// <summary>Opens, lists and deletes segment files in one folder. Tests override <see cref="Open"/>.</summary>
public class SegmentFiles
{
    public virtual ISegmentFile Open(string path) => new OsSegmentFile(path);

    /// <summary>
    /// Makes the folder's entries (a segment just created) durable: a file fdatasynced into a folder whose entry for it
    /// was never synced can vanish in a power cut. Linux only; elsewhere nothing to do or nothing that can be done.
    /// </summary>
    public virtual void SyncDirectory(string directory) => NativeSync.SyncDirectory(directory);
}

/// <summary>A segment file on disk: positioned writes with no buffer of our own, and fdatasync.</summary>
public sealed class OsSegmentFile(string path) : ISegmentFile
{
    private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
    // Elsewhere than Linux: the runtime's full flush (FlushFileBuffers, F_FULLFSYNC) through a stream over the handle.
    private FileStream? _stream;

    public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(_handle, data, offset);

    public void Sync()
    {
        if (OperatingSystem.IsLinux())
        {
            NativeSync.DataSync(_handle);
        }
        else
        {
            (_stream ??= new FileStream(_handle, FileAccess.ReadWrite, bufferSize: 0)).Flush(flushToDisk: true);
        }
    }

    public void Truncate(long length) => RandomAccess.SetLength(_handle, length);

    public void Dispose()
    {
        _stream?.Dispose();
        _handle.Dispose();
    }
}
