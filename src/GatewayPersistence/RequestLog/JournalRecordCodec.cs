using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// One journal line: <c>crc32 SP json LF</c>, the CRC-32 (IEEE, hex) over the JSON bytes, so a torn or corrupted record
/// (a crash during an append, a bad sector) is detected and counted instead of being replayed as garbage or skipped
/// silently. The JSON is <c>{"v":2,"record":{…}}</c> (<see cref="JournalLine"/>): the record bounded as the database
/// stores it (<see cref="RecordBounder"/>). Lines of the first format (the record itself, as given, with or without a
/// checksum: a journal left by an older version) are still read.
/// </summary>
internal static class JournalRecordCodec
{
    /// <summary>The format written: 2 is the bounded record in a <see cref="JournalLine"/>; 1 (no marker) was the record as given.</summary>
    internal const int CurrentVersion = 2;

    private const int ChecksumLength = 8;
    private static readonly uint[] Table = CreateTable();

    /// <summary>Appends one record's line to <paramref name="output"/>.</summary>
    public static void Write(Stream output, ApiRequestRecord record, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(scratch))
        {
            JsonSerializer.Serialize(writer, new JournalLine(CurrentVersion, record), RequestLogJsonContext.Default.JournalLine);
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
            var versioned = JsonSerializer.Deserialize(json, RequestLogJsonContext.Default.JournalLine);
            switch (versioned)
            {
                case { Version: CurrentVersion, Record: { } record }:
                    return record;
                case { Version: > CurrentVersion }:
                    problem = $"format version {versioned.Version} is newer than this library reads ({CurrentVersion})";
                    return null;
                default:
                    // Version 1: the line is the record itself.
                    return JsonSerializer.Deserialize(json, RequestLogJsonContext.Default.ApiRequestRecord) ?? throw new JsonException("null record");
            }
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
