using System.Text;

namespace GatewayPersistence.Text;

/// <summary>
/// UTF-8 measurements and cuts that never split a character: a surrogate pair is one 4-byte character, and a lone
/// surrogate (invalid UTF-16) is replaced by U+FFFD, exactly as the UTF-8 encoder would write it.
/// </summary>
internal static class Utf8Text
{
    /// <summary>The legacy marker that ends a cut value; its 14 bytes count inside the limit.</summary>
    public const string TruncationMarker = "...[truncated]";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Number of bytes <paramref name="value"/> takes in UTF-8.</summary>
    public static int ByteCount(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StrictUtf8.GetByteCount(value);
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8 to <paramref name="destination"/>, byte for byte what <see cref="ByteCount"/> counts; returns the bytes written.</summary>
    public static int GetBytes(string value, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StrictUtf8.GetBytes(value, destination);
    }

    /// <summary>
    /// The longest prefix of <paramref name="value"/> that fits in <paramref name="maxBytes"/> bytes of UTF-8, ending on
    /// a whole character.
    /// </summary>
    public static string TruncateToBytes(string value, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        // Every UTF-16 unit needs 1 to 3 bytes (a pair 4 for 2 units): a string this short always fits.
        if (value.Length * 3 <= maxBytes || ByteCount(value) <= maxBytes)
        {
            return value;
        }

        var bytes = 0;
        var index = 0;
        while (index < value.Length)
        {
            var isPair = char.IsHighSurrogate(value[index]) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]);
            var size = isPair ? 4 : Utf8Width(value[index]);
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            index += isPair ? 2 : 1;
        }

        return value[..index];
    }

    /// <summary>
    /// <paramref name="value"/> unchanged when it fits in <paramref name="maxBytes"/> bytes of UTF-8; otherwise a prefix
    /// cut on a whole character followed by <see cref="TruncationMarker"/>, all within <paramref name="maxBytes"/>.
    /// </summary>
    public static string TruncateWithMarker(string value, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, TruncationMarker.Length);
        if (value.Length * 3 <= maxBytes || ByteCount(value) <= maxBytes)
        {
            return value;
        }

        return TruncateToBytes(value, maxBytes - TruncationMarker.Length) + TruncationMarker;
    }

    /// <summary>
    /// The longest prefix of <paramref name="value"/> with at most <paramref name="maxCharacters"/> characters as MySQL
    /// counts them for a utf8mb4 <c>VARCHAR(n)</c> (code points: a surrogate pair is one).
    /// </summary>
    public static string TruncateToCharacters(string value, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCharacters);
        if (value.Length <= maxCharacters)
        {
            return value;
        }

        var characters = 0;
        var index = 0;
        while (index < value.Length && characters < maxCharacters)
        {
            var isPair = char.IsHighSurrogate(value[index]) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]);
            index += isPair ? 2 : 1;
            characters++;
        }

        return value[..index];
    }

    /// <summary>Characters as MySQL counts them (code points; a lone surrogate counts as the one U+FFFD it becomes).</summary>
    public static int CharacterCount(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = 0;
        for (var index = 0; index < value.Length; index++)
        {
            if (char.IsHighSurrogate(value[index]) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                index++;
            }

            count++;
        }

        return count;
    }

    private static int Utf8Width(char unit) => unit switch
    {
        < '\u0080' => 1,
        < '\u0800' => 2,
        _ => 3, // includes a lone surrogate, written as the 3-byte U+FFFD
    };
}
