namespace Roundtable.Server.Storage;

/// <summary>Free space on the volume of the data folder, against the reserve the log keeps (Storage:MinFreeBytes).</summary>
public class StorageSpace(string directory, long minFreeBytes)
{
    public long MinFreeBytes => minFreeBytes;

    /// <summary>Bytes free to this process on the data volume (statvfs); null when it cannot be told.</summary>
    public virtual long? FreeBytes()
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when the volume has less than the reserve free (unknown counts as enough).</summary>
    public bool IsLow() => FreeBytes() is { } free && free < minFreeBytes;
}
