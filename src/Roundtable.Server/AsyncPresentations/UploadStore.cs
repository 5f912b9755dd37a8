using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Roundtable.Server.Accounts;
using Roundtable.Server.Storage;

namespace Roundtable.Server.AsyncPresentations;

/// <summary>A file received in full and on disk under a temporary name, not yet kept: what it is, its size and hash.</summary>
public sealed record ReceivedFile(string TempPath, string? SniffedType, long Size, string Sha256);

/// <summary>
/// Uploaded files, outside LiteDB, in one folder of the data directory, each under its random id with no extension (so
/// no name a user chose ever reaches the file system). A file is written under a temporary name, flushed to disk, then
/// renamed: only a whole, durable file ever has its final name.
/// </summary>
public sealed class UploadStore(IOptions<StorageOptions> storage, IOptions<UploadOptions> options)
{
    private const int BufferBytes = 81920;
    private const string TempSuffix = ".part";

    public string Folder { get; } = Path.GetFullPath(options.Value.Directory ?? Path.Combine(storage.Value.DataDirectory, "uploads"));

    public long MaxBytes => options.Value.MaxBytes;

    public string PathOf(string uploadId) => Path.Combine(Folder, uploadId);

    /// <summary>
    /// Whether a name in the folder is one this store gives (an upload's id, or a file being received), so a clean-up
    /// never deletes anything else someone keeps in a folder they pointed <see cref="UploadOptions.Directory"/> at.
    /// </summary>
    public static bool IsStoreFileName(string name) =>
        Ids.IsWellFormed(name) || (name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal) && Ids.IsWellFormed(name[1..^TempSuffix.Length]));

    /// <summary>
    /// Reads the body to a temporary file, hashing and counting as it goes; null (and nothing left behind) once it
    /// passes <see cref="MaxBytes"/>, without reading the rest.
    /// </summary>
    public async Task<ReceivedFile?> ReceiveAsync(Stream body, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var tempPath = Path.Combine(Folder, $".{Guid.NewGuid():N}{TempSuffix}");
        var header = new byte[UploadTypes.HeaderBytes];
        var headerLength = 0;
        long size = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
            {
                var buffer = new byte[BufferBytes];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        file.Close();
                        File.Delete(tempPath);
                        return null;
                    }
                    if (headerLength < header.Length)
                    {
                        var take = Math.Min(read, header.Length - headerLength);
                        Array.Copy(buffer, 0, header, headerLength, take);
                        headerLength += take;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                // On disk before it is acknowledged: the event that records it must never name a file a power cut lost.
                file.Flush(flushToDisk: true);
            }
            return new ReceivedFile(tempPath, UploadTypes.Sniff(header.AsSpan(0, headerLength)), size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            Discard(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Gives a received file its final name (an atomic rename within the folder), and makes the rename itself durable
    /// (the folder is fsynced) before the upload is acknowledged.
    /// </summary>
    public void Keep(ReceivedFile file, string uploadId)
    {
        File.Move(file.TempPath, PathOf(uploadId));
        NativeSync.SyncDirectory(Folder);
    }

    public static void Discard(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for a later clean-up; a temporary name is never served.
        }
    }
}
