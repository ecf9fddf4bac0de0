using GatewayPersistence.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.RequestLog;

/// <summary>
/// Checks every <see cref="RequestLogOptions"/> setting at start-up (<c>ValidateOnStart</c>) that
/// <see cref="GatewayPersistenceOptionsValidator"/> does not already check, each failure naming the setting: a
/// <see cref="RequestLogOptions.MaxBatchRows"/> of 0 would make the loop spin writing nothing, a negative interval
/// would throw inside the flush service.
/// </summary>
internal sealed class RequestLogOptionsValidator : IValidateOptions<GatewayPersistenceOptions>
{
    /// <summary>Polly's retry strategy refuses a delay above one day.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, GatewayPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestLog is not { } log)
        {
            return ValidateOptionsResult.Success; // GatewayPersistenceOptionsValidator reports the missing section
        }

        var prefix = $"{GatewayPersistenceOptions.SectionName}:RequestLog";
        var failures = new List<string>();
        void Check(bool valid, string setting, string rule, object? value)
        {
            if (!valid)
            {
                failures.Add($"{prefix}:{setting} must be {rule} (was {value}).");
            }
        }

        Check(log.MaxBatchRows >= 1, nameof(log.MaxBatchRows), "at least 1", log.MaxBatchRows);
        // One row (a bounded body and the statement's head) must fit one statement.
        Check(log.MaxBatchBytes >= 64 * 1024, nameof(log.MaxBatchBytes), "at least 65536", log.MaxBatchBytes);
        Check(log.MaxQueuedBytes >= 1024 * 1024, nameof(log.MaxQueuedBytes), "at least 1048576", log.MaxQueuedBytes);
        Check(log.OverflowBufferCapacity >= 1, nameof(log.OverflowBufferCapacity), "at least 1", log.OverflowBufferCapacity);
        Check(Enum.IsDefined(log.OverflowPolicy), nameof(log.OverflowPolicy), "Journal, DropNewest or DropOldest", log.OverflowPolicy);
        Check(Enum.IsDefined(log.WriteMode), nameof(log.WriteMode), "Auto or Insert", log.WriteMode);
        Check(log.MaxRetryAttempts is >= 0 and <= 100, nameof(log.MaxRetryAttempts), "between 0 and 100", log.MaxRetryAttempts);
        Check(log.RetryBaseDelay > TimeSpan.Zero && log.RetryBaseDelay <= LongestDelay, nameof(log.RetryBaseDelay), "positive and at most one day", log.RetryBaseDelay);
        Check(log.RetryMaxDelay >= log.RetryBaseDelay && log.RetryMaxDelay <= LongestDelay, nameof(log.RetryMaxDelay),
            "at least RetryBaseDelay and at most one day", log.RetryMaxDelay);
        Check(log.ProbeInterval > TimeSpan.Zero && log.ProbeInterval <= LongestDelay, nameof(log.ProbeInterval), "positive and at most one day", log.ProbeInterval);
        Check(log.ShutdownDrainTimeout >= TimeSpan.Zero && log.ShutdownDrainTimeout <= LongestDelay, nameof(log.ShutdownDrainTimeout),
            "zero or positive and at most one day", log.ShutdownDrainTimeout);
        // MySqlConnector takes whole seconds; 0 would mean "no timeout", which is what this setting exists to prevent.
        Check(log.CommandTimeout >= TimeSpan.FromSeconds(1) && log.CommandTimeout <= LongestDelay, nameof(log.CommandTimeout),
            "at least one second and at most one day", log.CommandTimeout);
        Check(log.JournalMaxBytes >= 1024 * 1024, nameof(log.JournalMaxBytes), "at least 1048576", log.JournalMaxBytes);
        Check(log.DeadLetterRetention > TimeSpan.Zero, nameof(log.DeadLetterRetention), "positive", log.DeadLetterRetention);
        Check(log.DeadLetterMaxBytes >= 1024 * 1024, nameof(log.DeadLetterMaxBytes), "at least 1048576", log.DeadLetterMaxBytes);
        Check(!string.IsNullOrWhiteSpace(log.DeadLetterDirectory), nameof(log.DeadLetterDirectory), "a directory", "empty");
        if (!string.IsNullOrWhiteSpace(log.JournalDirectory) && !string.IsNullOrWhiteSpace(log.DeadLetterDirectory)
            && string.Equals(FullPath(log.JournalDirectory), FullPath(log.DeadLetterDirectory), StringComparison.Ordinal))
        {
            failures.Add($"{prefix}:DeadLetterDirectory must not be the JournalDirectory (its files would be replayed as journal segments).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
