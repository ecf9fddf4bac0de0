using System.Text;
using GatewayPersistence.Text;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>Strings that break naive SQL, encodings and length checks, cut to exactly what a column holds.</summary>
internal static class HostileStrings
{
    /// <summary>Emoji (surrogate pairs), CJK, combining marks, quotes, backslashes, an injection attempt, NUL and controls.</summary>
    public const string Sample = "😀🇯🇵 漢字かな e\u0301 n\u0303 ' \" ` \\ \\' '; DROP TABLE users; -- \0 \r\n\t %_ ü 𝄞 ";

    /// <summary>Exactly <paramref name="characters"/> code points (what <c>VARCHAR(n)</c> counts), starting with <paramref name="tag"/>.</summary>
    public static string OfCharacters(int characters, string tag = "")
    {
        var builder = new StringBuilder(tag);
        while (Utf8Text.CharacterCount(builder.ToString()) < characters)
        {
            builder.Append(Sample);
        }

        return Utf8Text.TruncateToCharacters(builder.ToString(), characters);
    }

    /// <summary>Exactly <paramref name="bytes"/> bytes of UTF-8, starting with <paramref name="tag"/>.</summary>
    public static string OfBytes(int bytes, string tag = "")
    {
        var builder = new StringBuilder(tag);
        var sampleBytes = Utf8Text.ByteCount(Sample);
        while (Utf8Text.ByteCount(builder.ToString()) + sampleBytes <= bytes)
        {
            builder.Append(Sample);
        }

        var text = Utf8Text.TruncateToBytes(builder.ToString(), bytes);
        return text + new string('x', bytes - Utf8Text.ByteCount(text));
    }

    /// <summary>The largest value a <c>TEXT</c> column holds (65,535 bytes).</summary>
    public static string Text(string tag = "") => OfBytes(65_535, tag);

    /// <summary>A 64 KB value (more than TEXT holds) for <c>MEDIUMTEXT</c> columns.</summary>
    public static string MediumText(string tag = "") => OfBytes(64 * 1024 + 1000, tag);
}
