using System.Security.Cryptography;
using System.Text;

namespace GatewayPersistence.Tests.Security;

/// <summary>
/// The TypeScript gateway's secret formats, made here exactly as the issue describes them (independently of the
/// library's code, so that a mistake there cannot hide in both).
/// </summary>
internal static class LegacyFormats
{
    /// <summary><c>saltHex:hashHex</c>: 16 random bytes as 32 lower-case hex, then hex SHA-256 of UTF-8(password + saltHex).</summary>
    public static string PasswordHash(string password, byte[]? salt = null)
    {
        var saltHex = Convert.ToHexStringLower(salt ?? RandomNumberGenerator.GetBytes(16));
        var hashHex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password + saltHex)));
        return $"{saltHex}:{hashHex}";
    }

    /// <summary>
    /// <c>ivHex:cipherHex</c>: AES-256-CBC, PKCS#7, random 16-byte IV, plaintext UTF-8; the key is UTF-8 of the JWT
    /// secret's first 32 UTF-16 code units (JavaScript <c>slice(0, 32)</c>), right-padded with '0' to 32.
    /// </summary>
    public static string EncryptProviderKey(string jwtSecret, string apiKey)
    {
        var sliced = jwtSecret.Length > 32 ? jwtSecret.Substring(0, 32) : jwtSecret;
        var key = Encoding.UTF8.GetBytes(sliced.PadRight(32, '0'));
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key;
        var cipher = aes.EncryptCbc(Encoding.UTF8.GetBytes(apiKey), iv, PaddingMode.PKCS7);
        return $"{Convert.ToHexStringLower(iv)}:{Convert.ToHexStringLower(cipher)}";
    }
}
