using GatewayPersistence.RequestLog;
using GatewayPersistence.Text;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// Checks <see cref="GatewayPersistenceOptions"/> at start-up (<c>ValidateOnStart</c>), so that a misconfigured host
/// stops with a message naming the setting instead of failing on its first request. Messages never contain the
/// connection string or its password.
/// </summary>
internal sealed class GatewayPersistenceOptionsValidator : IValidateOptions<GatewayPersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayPersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateConnection(options, failures);
        ValidateServerVersion(options, failures);
        ValidateRequestLog(options.RequestLog, failures);
        // Statistics and the request log's own later settings are validated by their areas' validators (registered by
        // AddGatewayStatistics / AddGatewayRequestLog); this one covers the connection and the shared RequestLog numbers.
        ValidateStatisticsSection(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConnection(GatewayPersistenceOptions options, List<string> failures)
    {
        var section = GatewayPersistenceOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(options.LegacyFallbackProblem is { } problem
                ? $"{section}: no connection string is configured and the legacy MYSQL_* fallback failed: {problem}."
                : $"{section}: no connection string is configured. Set ConnectionStrings:{GatewayPersistenceOptions.ConnectionStringName} " +
                  $"(or {section}:ConnectionString), or the TypeScript gateway's variables {LegacyConnectionString.HostVariable}, " +
                  $"{LegacyConnectionString.PortVariable}, {LegacyConnectionString.UserVariable}, {LegacyConnectionString.DatabaseVariable} " +
                  $"and {LegacyConnectionString.PasswordVariable} (required).");
            return;
        }

        ValidateParsed(options.ConnectionString, $"{section}: the connection string", failures);
        if (options.ReadConnectionString is { } read)
        {
            ValidateParsed(read, $"{section}: the read-replica connection string ({GatewayPersistenceOptions.ReadConnectionStringName})", failures);
        }
    }

    private static void ValidateParsed(string connectionString, string what, List<string> failures)
    {
        MySqlConnectionStringBuilder parsed;
        try
        {
            parsed = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            // The parser's own message may quote a value, and a value may be the password: say only what to check.
            failures.Add($"{what} cannot be parsed; check its 'key=value;' pairs, quoting and option names.");
            return;
        }

        if (string.IsNullOrWhiteSpace(parsed.Server))
        {
            failures.Add($"{what} names no Server.");
        }

        if (string.IsNullOrWhiteSpace(parsed.Database))
        {
            failures.Add($"{what} names no Database.");
        }
    }

    private static void ValidateServerVersion(GatewayPersistenceOptions options, List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(options.ServerVersion) && !ServerVersion.TryParse(options.ServerVersion, out _))
        {
            failures.Add($"{GatewayPersistenceOptions.SectionName}:ServerVersion '{options.ServerVersion}' is not a server version; " +
                         "use e.g. '8.0.36-mysql' or '10.11.6-mariadb', or leave it empty to detect it from the server.");
        }
    }

    private static void ValidateRequestLog(RequestLogOptions? requestLog, List<string> failures)
    {
        var prefix = $"{GatewayPersistenceOptions.SectionName}:RequestLog";
        if (requestLog is null)
        {
            failures.Add($"{prefix} must not be null.");
            return;
        }

        if (requestLog.QueueCapacity < 1)
        {
            failures.Add($"{prefix}:QueueCapacity must be at least 1 (was {requestLog.QueueCapacity}).");
        }

        // A BatchSize above QueueCapacity is allowed: only FlushInterval then triggers a write, and a full queue follows
        // OverflowPolicy (the pipeline's tests use that to fill the queue on purpose).
        if (requestLog.BatchSize < 1)
        {
            failures.Add($"{prefix}:BatchSize must be at least 1 (was {requestLog.BatchSize}).");
        }

        if (requestLog.MaxConcurrentBatches is < 1 or > 16)
        {
            failures.Add($"{prefix}:MaxConcurrentBatches must be between 1 and 16 (was {requestLog.MaxConcurrentBatches}).");
        }

        if (requestLog.FlushInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:FlushInterval must be positive (was {requestLog.FlushInterval}).");
        }

        // No upper bound here: the pipeline caps each column at its own capacity (error_message TEXT 65,535 bytes, the
        // MEDIUMTEXT bodies 16,777,215) and lowers the limit so that one row fits the server's max_allowed_packet.
        if (requestLog.BodyByteLimit < Utf8Text.TruncationMarker.Length)
        {
            failures.Add($"{prefix}:BodyByteLimit must be at least {Utf8Text.TruncationMarker.Length} bytes (the truncation marker; " +
                         $"was {requestLog.BodyByteLimit}).");
        }
    }

    private static void ValidateStatisticsSection(GatewayPersistenceOptions options, List<string> failures)
    {
        if (options.Statistics is null)
        {
            failures.Add($"{GatewayPersistenceOptions.SectionName}:Statistics must not be null.");
        }
    }
}
