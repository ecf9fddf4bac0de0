namespace GatewayPersistence.Security;

/// <summary>
/// Hashes and verifies administrator passwords (<c>users.password_hash</c>). New hashes are
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;saltBase64&gt;$&lt;hashBase64&gt;</c>; the TypeScript gateway's
/// <c>&lt;saltHex&gt;:&lt;sha256Hex&gt;</c> still verifies (and asks for a rehash). Comparisons take constant time.
/// </summary>
public interface IGatewayPasswordHasher
{
    /// <summary>A new PBKDF2-SHA256 hash of <paramref name="password"/> with a random 16-byte salt.</summary>
    /// <exception cref="ArgumentException">The password is null or empty.</exception>
    string HashPassword(string password);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="storedHash"/>, and whether to rehash it.</summary>
    /// <remarks>A malformed stored value fails, with a warning (event 5000) that contains no part of it.</remarks>
    PasswordVerification Verify(string storedHash, string password);
}
