using System.Text;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// Deterministic hostile strings: emoji (incl. ZWJ sequences and flags), CJK, combining marks, lone surrogates, NUL and
/// control characters, quotes, backslashes, SQL and format-string fragments, long runs. The same pieces as
/// scripts/faults/loadgen.py, so the suite's fast check and the fault script stress the same inputs.
/// </summary>
internal static class HostileStringGenerator
{
    private static readonly string[] Pieces =
    [
        "😀", "👩‍💻", "🏳️‍🌈", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "中文字符", "日本語テキスト", "한국어", "e\u0301\u0302\u0303", "\u200b\u200d\ufeff",
        "\0", "'", "\"", "\\", "\\\\'", "`", "'; DROP TABLE users; --", "\" OR 1=1 --", "%s%n%x", "${jndi:ldap://x}",
        "<script>alert(1)</script>", "\r\n", "\t", "Robert'); DELETE FROM api_requests;--", "\\u0000", "\ud800", "\udfff",
        new string('a', 300), string.Concat(Enumerable.Repeat("🙂", 200)), "NULL", "\u007f", "\u2028\u2029", "ЁЖЗ", "العربية", "\U0010FFFF",
    ];

    public static IEnumerable<string> Generate(int count, int seed = 20261127)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            var parts = random.Next(1, 13);
            for (var p = 0; p < parts; p++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            yield return builder.ToString();
        }
    }

    /// <summary>What a string becomes in utf8mb4: every lone surrogate is the replacement character U+FFFD.</summary>
    public static string AsStored(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }
}
