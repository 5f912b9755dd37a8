using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Roundtable.Server.Storage.Segments;

/// <summary>
/// One event as a segment file holds it: length (4 bytes), CRC-32 of the payload (4), then the payload: position,
/// seq, time in ticks (8 each), the stream's length (2) and name, and the event's JSON (the rest), little-endian.
/// A record whose length runs past the file's end or whose checksum does not match is a torn write.
/// </summary>
internal readonly record struct SegmentRecord(long Position, string Stream, long Seq, DateTime At, string Data)
{
    public const int HeaderSize = 8;
    private const int FixedPayload = 8 + 8 + 8 + 2;
    /// <summary>No event comes near this; a length beyond it is garbage, not a record.</summary>
    public const int MaxPayload = 64 << 20;

    public void WriteTo(ArrayBufferWriter<byte> buffer)
    {
        var streamBytes = Encoding.UTF8.GetByteCount(Stream);
        var payloadSize = FixedPayload + streamBytes + Encoding.UTF8.GetByteCount(Data);
        var span = buffer.GetSpan(HeaderSize + payloadSize)[..(HeaderSize + payloadSize)];
        var payload = span[HeaderSize..];
        BinaryPrimitives.WriteInt64LittleEndian(payload, Position);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], Seq);
        BinaryPrimitives.WriteInt64LittleEndian(payload[16..], At.Ticks);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[24..], checked((ushort)streamBytes));
        Encoding.UTF8.GetBytes(Stream, payload[FixedPayload..]);
        Encoding.UTF8.GetBytes(Data, payload[(FixedPayload + streamBytes)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, payloadSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32.HashToUInt32(payload));
        buffer.Advance(span.Length);
    }

    /// <summary>Reads the record at the start of <paramref name="bytes"/>; false if it is incomplete or corrupt.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out SegmentRecord record, out int size)
    {
        record = default;
        size = 0;
        if (bytes.Length < HeaderSize)
        {
            return false;
        }
        var payloadSize = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (payloadSize < FixedPayload || payloadSize > MaxPayload || bytes.Length < HeaderSize + payloadSize)
        {
            return false;
        }
        var payload = bytes.Slice(HeaderSize, payloadSize);
        if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]))
        {
            return false;
        }
        var streamBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[24..]);
        if (FixedPayload + streamBytes > payloadSize)
        {
            return false;
        }
        record = new SegmentRecord(
            BinaryPrimitives.ReadInt64LittleEndian(payload),
            Encoding.UTF8.GetString(payload.Slice(FixedPayload, streamBytes)),
            BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            new DateTime(BinaryPrimitives.ReadInt64LittleEndian(payload[16..]), DateTimeKind.Utc),
            Encoding.UTF8.GetString(payload[(FixedPayload + streamBytes)..]));
        size = HeaderSize + payloadSize;
        return true;
    }

    public static int MaxRecordSize => HeaderSize + MaxPayload;
}
