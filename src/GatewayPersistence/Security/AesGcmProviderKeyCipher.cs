using System.Security.Cryptography;
using System.Text;

namespace GatewayPersistence.Security;

/// <summary>
/// The current provider-key format, <c>v2:aesgcm:&lt;nonceB64&gt;:&lt;cipherB64&gt;:&lt;tagB64&gt;</c>: AES-256-GCM with a
/// random 12-byte nonce per value and a 16-byte tag, so a wrong key or an altered value fails authentication instead
/// of decrypting to garbage. The prefix starts with <c>v</c>, which no legacy hex value can.
/// </summary>
internal static class AesGcmProviderKeyCipher
{
    public const string Prefix = "v2:aesgcm:";
    public const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    /// <summary>Decodes the configured base64 key; returns what is wrong (without the value) or null when it is usable.</summary>
    public static string? TryDecodeKey(string base64, out byte[] key)
    {
        key = [];
        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            return "is not valid base64.";
        }

        if (written != KeyBytes)
        {
            return $"decodes to {written} bytes; AES-256-GCM needs exactly {KeyBytes}.";
        }

        key = buffer[..written];
        return null;
    }

    public static string Encrypt(byte[] key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        CryptographicOperations.ZeroMemory(plain);
        return $"{Prefix}{Convert.ToBase64String(nonce)}:{Convert.ToBase64String(cipher)}:{Convert.ToBase64String(tag)}";
    }

    /// <summary>The plaintext; a problem (no content) when the value cannot be parsed or fails authentication.</summary>
    public static string? TryDecrypt(byte[] key, string stored, out string? problem)
    {
        var parts = stored[Prefix.Length..].Split(':');
        byte[] nonce, cipher, tag;
        try
        {
            if (parts.Length != 3)
            {
                throw new FormatException();
            }

            nonce = Convert.FromBase64String(parts[0]);
            cipher = Convert.FromBase64String(parts[1]);
            tag = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            problem = "its v2 fields (nonce, ciphertext, tag) are not three base64 values.";
            return null;
        }

        if (nonce.Length != NonceBytes || tag.Length != TagBytes || cipher.Length == 0)
        {
            problem = $"its v2 nonce must be {NonceBytes} bytes, its tag {TagBytes}, and its ciphertext not empty.";
            return null;
        }

        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(nonce, cipher, tag, plain);
            problem = null;
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            problem = $"it fails authentication with {GatewaySecurityOptions.ProviderKeyEncryptionKeyKey}: another key encrypted it, or the value was altered.";
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
