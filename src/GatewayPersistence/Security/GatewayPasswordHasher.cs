using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Security;

/// <inheritdoc cref="IGatewayPasswordHasher" />
internal sealed class GatewayPasswordHasher(IOptions<GatewayPersistenceOptions> options, ILogger<GatewayPasswordHasher> logger)
    : IGatewayPasswordHasher
{
    private int Iterations => options.Value.Security.PasswordIterations;

    public string HashPassword(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Pbkdf2PasswordHash.Create(password, Iterations);
    }

    public PasswordVerification Verify(string storedHash, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (string.IsNullOrEmpty(storedHash))
        {
            logger.LogMalformedPasswordHash("it is empty");
            return PasswordVerification.Failed;
        }

        string? problem;
        if (storedHash.StartsWith(Pbkdf2PasswordHash.Prefix, StringComparison.Ordinal))
        {
            var current = Pbkdf2PasswordHash.TryParse(storedHash, out problem);
            if (current is null)
            {
                logger.LogMalformedPasswordHash(problem!);
                return PasswordVerification.Failed;
            }

            if (!current.Matches(password))
            {
                return PasswordVerification.Failed;
            }

            return current.Iterations < Iterations ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Success;
        }

        var legacy = LegacyPasswordHash.TryParse(storedHash, out problem);
        if (legacy is null)
        {
            logger.LogMalformedPasswordHash(problem!);
            return PasswordVerification.Failed;
        }

        return legacy.Matches(password) ? PasswordVerification.SuccessRehashNeeded : PasswordVerification.Failed;
    }
}
