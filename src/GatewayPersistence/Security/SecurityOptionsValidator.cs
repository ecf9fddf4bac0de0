using System.ComponentModel.DataAnnotations;
using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Security;

/// <summary>
/// Checks <see cref="GatewaySecurityOptions"/> at start-up: the iteration range, that the provider-key encryption key
/// is the base64 of 32 bytes, and that the legacy secret makes a 32-byte AES key the way the TypeScript gateway did.
/// Messages name the setting and what is wrong with it, never any part of its value.
/// </summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<GatewayPersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var security = options.Security;
        if (security is null)
        {
            return ValidateOptionsResult.Fail($"{GatewayPersistenceOptions.SectionName}:{GatewaySecurityOptions.SectionName} must not be null.");
        }

        var failures = new List<ValidationResult>();
        Validator.TryValidateObject(security, new ValidationContext(security), failures, validateAllProperties: true);
        var messages = failures
            .Select(failure => $"{GatewayPersistenceOptions.SectionName}:{GatewaySecurityOptions.SectionName}: {failure.ErrorMessage}")
            .ToList();

        if (!string.IsNullOrEmpty(security.ProviderKeyEncryptionKey)
            && AesGcmProviderKeyCipher.TryDecodeKey(security.ProviderKeyEncryptionKey, out _) is { } keyProblem)
        {
            messages.Add($"{GatewaySecurityOptions.ProviderKeyEncryptionKeyKey} {keyProblem} Generate one with 'openssl rand -base64 32'.");
        }

        if (!string.IsNullOrEmpty(security.LegacyJwtSecret) && LegacyProviderKeyCipher.DeriveKey(security.LegacyJwtSecret).Length != LegacyProviderKeyCipher.KeyBytes)
        {
            messages.Add($"{GatewaySecurityOptions.LegacyJwtSecretKey}: its first 32 characters do not encode to 32 bytes in UTF-8 " +
                         "(non-ASCII characters), so the TypeScript gateway cannot have used it as its AES-256 key; check the value.");
        }

        return messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
    }
}
