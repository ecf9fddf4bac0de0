using System.Security.Cryptography;
using System.Text;

namespace GatewayPersistence.Security;

/// <summary>
/// The TypeScript gateway's password format, <c>&lt;saltHex&gt;:&lt;hashHex&gt;</c>: <c>saltHex</c> is 16 random bytes
/// as 32 hex characters and <c>hashHex</c> the hex SHA-256 of the UTF-8 text <c>password + saltHex</c> (the salt's
/// hex text, not its bytes). Split at the first <c>:</c>, as the legacy verification did. Read only: new hashes are
/// PBKDF2, and a legacy one is replaced on the next successful login.
/// </summary>
internal sealed class LegacyPasswordHash
{
    public const int SaltHexLength = 32;
    public const int HashHexLength = 64;

    private LegacyPasswordHash(string saltHex, byte[] hash)
    {
        SaltHex = saltHex;
        Hash = hash;
    }

    private string SaltHex { get; }

    private byte[] Hash { get; }

    /// <summary>Parses a stored value; the problem says what is wrong, never what is there.</summary>
    public static LegacyPasswordHash? TryParse(string stored, out string? problem)
    {
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            problem = "it has neither the PBKDF2 prefix nor the legacy 'saltHex:hashHex' shape";
            return null;
        }

        var salt = stored[..colon];
        var hashHex = stored[(colon + 1)..];
        if (salt.Length != SaltHexLength || !IsHex(salt))
        {
            problem = $"its legacy salt is not {SaltHexLength} hexadecimal characters";
            return null;
        }

        if (hashHex.Length != HashHexLength || !IsHex(hashHex))
        {
            problem = $"its legacy hash is not {HashHexLength} hexadecimal characters";
            return null;
        }

        problem = null;
        return new LegacyPasswordHash(salt, Convert.FromHexString(hashHex));
    }

    public bool Matches(string password)
    {
        // The salt's text, verbatim, as the legacy gateway concatenated it (hex digits compare as bytes below, so an
        // upper-case stored hash still matches the lower-case digest it encodes).
        var computed = SHA256.HashData(Encoding.UTF8.GetBytes(password + SaltHex));
        return CryptographicOperations.FixedTimeEquals(computed, Hash);
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
