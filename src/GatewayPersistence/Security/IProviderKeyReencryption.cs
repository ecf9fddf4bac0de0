namespace GatewayPersistence.Security;

/// <summary>
/// The adoption step for provider keys: re-encrypts every key the TypeScript gateway stored (<c>ivHex:cipherHex</c>)
/// in the current AES-GCM format, in place. Run by <c>dotnet run --project migrations/GatewayPersistence.Migrations --
/// reencrypt-provider-keys</c>, or from code.
/// </summary>
public interface IProviderKeyReencryption
{
    /// <summary>
    /// Re-encrypts each legacy key in its own transaction (read, decrypt, write only if the row still holds the value
    /// read, commit), bumping <c>updated_at</c>. Idempotent: keys already in the current format are left alone, so a
    /// second run changes nothing. A key that cannot be decrypted is reported in the result (naming the provider id)
    /// and left unchanged; the others are still re-encrypted.
    /// </summary>
    /// <exception cref="InvalidOperationException">A legacy key exists and no encryption key is configured.</exception>
    Task<ProviderKeyReencryptionResult> ReencryptLegacyKeysAsync(CancellationToken cancellationToken = default);
}
