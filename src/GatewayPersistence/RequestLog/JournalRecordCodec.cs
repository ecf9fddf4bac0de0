using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// One journal line: <c>crc32 SP json LF</c>, the CRC-32 (IEEE, hex) over the JSON bytes, so a torn or corrupted record
/// (a crash during an append, a bad sector) is detected and counted instead of being replayed as garbage or skipped
/// silently. Lines written before checksums (plain JSON, starting with <c>{</c>) are still read.
/// </summary>
internal static class JournalRecordCodec
{
    private const int ChecksumLength = 8;
    private static readonly uint[] Table = CreateTable();

    /// <summary>Appends one record's line to <paramref name="output"/>.</summary>
    public static void Write(Stream output, ApiRequestRecord record, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(scratch))
        {
            JsonSerializer.Serialize(writer, record, RequestLogJsonContext.Default.ApiRequestRecord);
        }

        var json = scratch.WrittenSpan;
        Span<byte> prefix = stackalloc byte[ChecksumLength + 1];
        Crc32(json).TryFormat(prefix, out _, "x8", CultureInfo.InvariantCulture);
        prefix[ChecksumLength] = (byte)' ';
        output.Write(prefix);
        output.Write(json);
        output.WriteByte((byte)'\n');
    }

    /// <summary>Reads one line (without its LF); null with a reason when it is torn or corrupt.</summary>
    public static ApiRequestRecord? Read(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        var json = line;
        if (line.Length > 0 && line[0] != (byte)'{')
        {
            if (line.Length <= ChecksumLength + 1 || line[ChecksumLength] != (byte)' '
                || !uint.TryParse(Encoding.ASCII.GetString(line[..ChecksumLength]), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var expected))
            {
                problem = "no checksum";
                return null;
            }

            json = line[(ChecksumLength + 1)..];
            if (Crc32(json) != expected)
            {
                problem = "checksum mismatch";
                return null;
            }
        }

        try
        {
            return JsonSerializer.Deserialize(json, RequestLogJsonContext.Default.ApiRequestRecord) ?? throw new JsonException("null record");
        }
        catch (JsonException exception)
        {
            problem = exception.Message;
            return null;
        }
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc = Table[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint index = 0; index < 256; index++)
        {
            var value = index;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? 0xEDB88320u ^ (value >> 1) : value >> 1;
            }

            table[index] = value;
        }

        return table;
    }
}
