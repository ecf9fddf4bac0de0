namespace GatewayPersistence.Security;

/// <summary>The outcome of <see cref="IGatewayPasswordHasher.Verify"/>.</summary>
public enum PasswordVerification
{
    /// <summary>The password does not match, or the stored hash is malformed (a warning says which, without its content).</summary>
    Failed,

    /// <summary>The password matches a current hash.</summary>
    Success,

    /// <summary>
    /// The password matches, but the stored hash should be replaced: the legacy <c>saltHex:sha256Hex</c> format, or
    /// PBKDF2 with fewer iterations than configured.
    /// </summary>
    SuccessRehashNeeded,
}
