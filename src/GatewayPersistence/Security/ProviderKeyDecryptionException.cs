namespace GatewayPersistence.Security;

/// <summary>
/// A provider's stored API key cannot be decrypted. The message names the provider id and the setting to check; it
/// never contains the stored value, the key, or a secret.
/// </summary>
public sealed class ProviderKeyDecryptionException : Exception
{
    /// <summary>Creates the exception for provider <paramref name="providerId"/>.</summary>
    public ProviderKeyDecryptionException(string providerId, string reason)
        : base($"The API key of provider '{providerId}' cannot be decrypted: {reason}")
    {
        ProviderId = providerId;
    }

    /// <summary>Creates the exception.</summary>
    public ProviderKeyDecryptionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderKeyDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderKeyDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The provider whose key failed (<c>providers.id</c>).</summary>
    public string ProviderId { get; } = "";
}
