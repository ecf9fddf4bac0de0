using System.Buffers;
using System.Globalization;
using GatewayPersistence.Text;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// The text form <see cref="LoadDataRowStream"/> writes and <see cref="LoadDataApiRequestWriter"/> declares in its
/// <c>LOAD DATA</c> statement: utf8mb4, fields separated by a tab, lines by a newline, no enclosing quotes, backslash
/// escapes, <c>\N</c> for NULL. A string is written as UTF-8 (a lone surrogate as U+FFFD, as the INSERT path writes it and
/// <see cref="Utf8Text"/> counts it) with the bytes the statement gives a meaning escaped.
/// </summary>
internal static class LoadDataFormat
{
    public const string CharacterSet = "utf8mb4";
    public const string FieldTerminator = "\t";
    public const string LineTerminator = "\n";
    public const char EscapeCharacter = '\\';

    // The tab, the newline and the escape byte would end or change the field; the server takes the byte after an escape
    // literally. None of them can occur inside a multi-byte UTF-8 sequence (those bytes are all 0x80 or above), so
    // escaping the encoded bytes is escaping the characters.
    private static readonly SearchValues<byte> Escaped = SearchValues.Create("\\\t\n"u8);

    /// <summary>Whether values of <paramref name="type"/> (a column's provider type) can be written.</summary>
    public static bool Supports(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) || plain == typeof(int) || plain == typeof(long) || plain == typeof(bool);
    }

    /// <summary>Most bytes <paramref name="value"/> takes, its separator included.</summary>
    public static int MaxBytes(object? value) => value switch
    {
        // A UTF-16 unit becomes at most 3 bytes (a pair 4 for 2 units), an escaped one 2.
        string text => checked((text.Length * 3) + 1),
        null => 3,
        _ => 21,
    };

    /// <summary>Writes <paramref name="value"/> (no separator) to <paramref name="destination"/>, which holds <see cref="MaxBytes"/>; returns the bytes written.</summary>
    public static int Write(object? value, Span<byte> destination, byte[] scratch)
    {
        switch (value)
        {
            case null:
                "\\N"u8.CopyTo(destination);
                return 2;
            case string text:
                return WriteText(text, destination, scratch);
            case int number:
                return number.TryFormat(destination, out var intBytes, default, CultureInfo.InvariantCulture) ? intBytes : throw TooSmall();
            case long number:
                return number.TryFormat(destination, out var longBytes, default, CultureInfo.InvariantCulture) ? longBytes : throw TooSmall();
            case bool flag:
                destination[0] = flag ? (byte)'1' : (byte)'0';
                return 1;
            default:
                throw new InvalidOperationException($"A value of type {value.GetType().Name} has no LOAD DATA form.");
        }
    }

    /// <summary>Bytes a scratch buffer for <see cref="Write"/> needs to hold for <paramref name="value"/>.</summary>
    public static int ScratchBytes(object? value) => value is string text ? text.Length * 3 : 0;

    private static int WriteText(string text, Span<byte> destination, byte[] scratch)
    {
        var length = Utf8Text.GetBytes(text, destination);
        var first = destination[..length].IndexOfAny(Escaped);
        if (first < 0)
        {
            return length;
        }

        // Rare in log rows except for JSON bodies (their own escapes are backslashes): the tail is moved out of the way
        // and copied back escape by escape.
        var tail = scratch.AsSpan(0, length - first);
        destination[first..length].CopyTo(tail);
        var written = first;
        while (tail.Length > 0)
        {
            var next = tail.IndexOfAny(Escaped);
            var plain = next < 0 ? tail.Length : next;
            tail[..plain].CopyTo(destination[written..]);
            written += plain;
            if (next < 0)
            {
                break;
            }

            destination[written++] = (byte)EscapeCharacter;
            destination[written++] = tail[next];
            tail = tail[(next + 1)..];
        }

        return written;
    }

    private static InvalidOperationException TooSmall() => new("The LOAD DATA buffer is smaller than the value's bound.");
}
