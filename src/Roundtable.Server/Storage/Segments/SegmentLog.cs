using System.Globalization;

namespace Roundtable.Server.Storage.Segments;

/// <summary>
/// The embedded log's write-ahead files: append-only segments named by their first position
/// ({position:D20}.seg), each batch written with one write and made durable with one fdatasync before anything in it
/// is acknowledged. LiteDB's <c>events</c> collection is the index over them: a record is inserted there after it is
/// durable here, and a segment is deleted once LiteDB's data file holds all of it (after a checkpoint, which fsyncs
/// that file). Used by one thread at a time (the log's writer, or its constructor).
/// </summary>
internal sealed class SegmentLog(string directory, SegmentFiles files, bool sync) : IDisposable
{
    private const string Extension = ".seg";

    private ISegmentFile? _file;
    private string? _path;
    private long _length;
    // Set when a failed write could not be cut back: the file may hold a torn batch past _length.
    private bool _dirty;

    public string Directory { get; } = directory;

    /// <summary>Bytes in the current segment.</summary>
    public long Length => _length;

    /// <summary>
    /// Every valid record after <paramref name="afterPosition"/>, oldest first. A torn or corrupt tail (a write the
    /// process or machine did not finish) is cut off the last segment; in an earlier one, reading goes on with the next.
    /// </summary>
    public List<SegmentRecord> ReadAfter(long afterPosition, Action<string, long>? onTornTail = null)
    {
        var records = new List<SegmentRecord>();
        var paths = SegmentPaths();
        for (var i = 0; i < paths.Count; i++)
        {
            var bytes = ReadWhole(paths[i]);
            // The open segment ends where the last good batch ended (a failed one past it is not the log's).
            var end = paths[i] == _path ? (int)Math.Min(bytes.Length, _length) : bytes.Length;
            bytes = bytes[..end];
            var offset = 0;
            while (offset < bytes.Length && SegmentRecord.TryRead(bytes.AsSpan(offset), out var record, out var size))
            {
                if (record.Position > afterPosition)
                {
                    records.Add(record);
                }
                offset += size;
            }
            if (offset < bytes.Length)
            {
                onTornTail?.Invoke(paths[i], offset);
                if (i == paths.Count - 1 && paths[i] != _path)
                {
                    using var file = files.Open(paths[i]);
                    file.Truncate(offset);
                    file.Sync();
                }
            }
        }
        return records;
    }

    /// <summary>Starts a new segment whose first record will be <paramref name="firstPosition"/>, and deletes every older one.</summary>
    public void StartSegment(long firstPosition)
    {
        var path = Path.Combine(Directory, firstPosition.ToString("D20", CultureInfo.InvariantCulture) + Extension);
        System.IO.Directory.CreateDirectory(Directory);
        var file = files.Open(path);
        try
        {
            file.Truncate(0);
            files.SyncDirectory(Directory);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        _file?.Dispose();
        (_file, _path, _length, _dirty) = (file, path, 0, false);
        foreach (var old in SegmentPaths().Where(p => p != path))
        {
            File.Delete(old);
        }
    }

    /// <summary>
    /// Appends a batch of records and (when syncing) makes it durable. A write that fails is cut back to the batch's
    /// start: <see cref="SegmentAppendException.Saved"/> is then false; when that cannot be made sure of (the cut or
    /// the fdatasync failed), it is null.
    /// </summary>
    public void Append(ReadOnlySpan<byte> records)
    {
        var file = _file ?? throw new InvalidOperationException("No segment started.");
        if (_dirty)
        {
            // The last failure left bytes past the end that could not be cut; nothing of this batch is written yet.
            try
            {
                CutBack(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SegmentAppendException(false, ex);
            }
        }
        try
        {
            file.Write(records, _length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SegmentAppendException(TryCutBack(file) ? false : null, ex);
        }
        if (sync)
        {
            try
            {
                file.Sync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // After a failed fdatasync the kernel may have dropped the pages: what is on disk is not known.
                TryCutBack(file);
                throw new SegmentAppendException(null, ex);
            }
        }
        _length += records.Length;
    }

    public void Dispose() => _file?.Dispose();

    private bool TryCutBack(ISegmentFile file)
    {
        try
        {
            CutBack(file);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Cuts the file back to its last good length and, when syncing, makes the cut durable, so a batch reported as not
    // saved cannot come back after a power cut.
    private void CutBack(ISegmentFile file)
    {
        _dirty = true;
        file.Truncate(_length);
        if (sync)
        {
            file.Sync();
        }
        _dirty = false;
    }

    private List<string> SegmentPaths() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.GetFiles(Directory, "*" + Extension).Order(StringComparer.Ordinal)]
            : [];

    private static byte[] ReadWhole(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>A batch could not be appended to the segment. <see cref="Saved"/>: false when surely not, null when unknown.</summary>
internal sealed class SegmentAppendException(bool? saved, Exception inner) : IOException(inner.Message, inner)
{
    public bool? Saved { get; } = saved;
}
