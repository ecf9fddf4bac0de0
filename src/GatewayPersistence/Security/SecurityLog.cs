using Microsoft.Extensions.Logging;

namespace GatewayPersistence.Security;

/// <summary>
/// Log messages of the password service and the provider-key protector. Event ids 5000–5099 are stable: operators alert
/// on them, so an id is never reused nor renumbered. No message carries a password, a hash, a key or a secret: they
/// name users and providers by id, and problems by kind.
/// </summary>
internal static partial class SecurityLog
{
    /// <summary>A stored password hash could not be parsed; verification failed. The reason names the defect, not the content.</summary>
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "A stored password hash is malformed ({Problem}); the verification failed")]
    internal static partial void LogMalformedPasswordHash(this ILogger logger, string problem);

    /// <summary>A successful login replaced a legacy (or weaker) password hash with a current PBKDF2 one.</summary>
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Upgraded the password hash of user {UserId} to the current PBKDF2 format")]
    internal static partial void LogPasswordHashUpgraded(this ILogger logger, string userId);

    /// <summary>The password hash could not be upgraded (the login still succeeded; the next one tries again).</summary>
    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not upgrade the password hash of user {UserId}; the next successful login tries again")]
    internal static partial void LogPasswordHashUpgradeFailed(this ILogger logger, string userId, Exception exception);

    /// <summary>A provider's legacy key was re-encrypted in the current format.</summary>
    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Re-encrypted the API key of provider {ProviderId} in the current format")]
    internal static partial void LogProviderKeyReencrypted(this ILogger logger, string providerId);

    /// <summary>A provider's key was left unchanged because it cannot be decrypted; the reason names the setting to check.</summary>
    [LoggerMessage(EventId = 5011, Level = LogLevel.Error, Message = "Left the API key of provider {ProviderId} unchanged: {Reason}")]
    internal static partial void LogProviderKeyNotReencrypted(this ILogger logger, string providerId, string reason);

    /// <summary>The summary of a re-encryption run.</summary>
    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Provider keys: {Examined} examined, {Reencrypted} re-encrypted, {AlreadyCurrent} already current, {Failed} failed")]
    internal static partial void LogProviderKeysReencrypted(this ILogger logger, int examined, int reencrypted, int alreadyCurrent, int failed);
}
