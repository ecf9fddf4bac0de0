namespace GatewayPersistence.Security;

/// <summary>What <see cref="IProviderKeyReencryption.ReencryptLegacyKeysAsync"/> did.</summary>
/// <param name="Examined">Providers read.</param>
/// <param name="Reencrypted">Legacy keys now stored in the current format.</param>
/// <param name="AlreadyCurrent">Keys that were in the current format already (left unchanged).</param>
/// <param name="Failures">Keys left unchanged because they could not be decrypted or are in no known format.</param>
public sealed record ProviderKeyReencryptionResult(
    int Examined, int Reencrypted, int AlreadyCurrent, IReadOnlyList<ProviderKeyReencryptionFailure> Failures);
