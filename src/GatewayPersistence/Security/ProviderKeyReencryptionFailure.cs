namespace GatewayPersistence.Security;

/// <summary>A provider whose key was left unchanged, and why (the message names the id and the setting, never the key).</summary>
/// <param name="ProviderId">The provider (<c>providers.id</c>).</param>
/// <param name="Message">What is wrong, e.g. that the key does not decrypt with the configured legacy secret.</param>
public sealed record ProviderKeyReencryptionFailure(string ProviderId, string Message);
