using System.Globalization;
using System.Security.Cryptography;

namespace GatewayPersistence.Security;

/// <summary>
/// The current password format, <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;saltBase64&gt;$&lt;hashBase64&gt;</c>. Its
/// prefix holds <c>-</c> and <c>$</c>, which no legacy <c>saltHex:hashHex</c> value can start with.
/// </summary>
internal sealed class Pbkdf2PasswordHash
{
    public const string Prefix = "pbkdf2-sha256$";
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    private Pbkdf2PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        Salt = salt;
        Hash = hash;
    }

    public int Iterations { get; }

    private byte[] Salt { get; }

    private byte[] Hash { get; }

    public static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Parses a value that starts with <see cref="Prefix"/>; the problem says what is wrong, never what is there.</summary>
    public static Pbkdf2PasswordHash? TryParse(string stored, out string? problem)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4)
        {
            problem = "a PBKDF2 hash needs four '$'-separated fields";
            return null;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > GatewaySecurityOptions.MaximumPasswordIterations)
        {
            problem = $"its PBKDF2 iteration count is not a number from 1 to {GatewaySecurityOptions.MaximumPasswordIterations}";
            return null;
        }

        var salt = FromBase64(parts[2]);
        var hash = FromBase64(parts[3]);
        if (salt is not { Length: >= 8 } || hash is not { Length: >= 16 and <= 64 })
        {
            problem = "its PBKDF2 salt or hash is not base64 of a usable length";
            return null;
        }

        problem = null;
        return new Pbkdf2PasswordHash(iterations, salt, hash);
    }

    public bool Matches(string password)
    {
        var computed = Rfc2898DeriveBytes.Pbkdf2(password, Salt, Iterations, HashAlgorithmName.SHA256, Hash.Length);
        return CryptographicOperations.FixedTimeEquals(computed, Hash);
    }

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
