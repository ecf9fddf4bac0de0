using System.Security.Cryptography;
using System.Text;

namespace GatewayPersistence.Security;

/// <summary>
/// The TypeScript gateway's provider-key encryption, read-only: <c>&lt;ivHex&gt;:&lt;cipherHex&gt;</c>, AES-256-CBC with
/// PKCS#7 padding and a random 16-byte IV over the UTF-8 key; the AES key is the UTF-8 bytes of the first 32 UTF-16
/// code units of the JWT secret (JavaScript <c>slice(0, 32)</c>), right-padded with <c>'0'</c> to 32 characters.
/// </summary>
internal static class LegacyProviderKeyCipher
{
    public const int KeyBytes = 32;
    private const int BlockBytes = 16;

    /// <summary>The AES key the legacy gateway derived from its secret (32 bytes for an ASCII secret).</summary>
    public static byte[] DeriveKey(string secret)
    {
        var text = secret.Length > KeyBytes ? secret[..KeyBytes] : secret.PadRight(KeyBytes, '0');
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Whether the value has the legacy shape: a 32-hex-digit IV, one colon, whole hex cipher blocks.</summary>
    public static bool HasShape(string stored)
    {
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        if (colon != BlockBytes * 2)
        {
            return false;
        }

        var cipher = stored.AsSpan(colon + 1);
        return IsHex(stored.AsSpan(0, colon)) && cipher.Length > 0 && cipher.Length % (BlockBytes * 2) == 0 && IsHex(cipher);
    }

    /// <summary>The plaintext, or null when the value does not decrypt to text with this key.</summary>
    /// <remarks>
    /// CBC carries no authentication: a wrong key is caught by the padding check, and the rare wrong-key output with
    /// valid padding by requiring strict UTF-8 without control characters (an API key is printable text).
    /// </remarks>
    public static string? TryDecrypt(byte[] key, string stored)
    {
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        var iv = Convert.FromHexString(stored.AsSpan(0, colon));
        var cipher = Convert.FromHexString(stored.AsSpan(colon + 1));
        byte[] plain;
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            plain = aes.DecryptCbc(cipher, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(plain);
            return text.Length > 0 && !text.Any(char.IsControl) ? text : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
