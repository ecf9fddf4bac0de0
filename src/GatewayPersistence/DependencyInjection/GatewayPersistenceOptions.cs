using GatewayPersistence.RequestLog;
using GatewayPersistence.Security;
using GatewayPersistence.Statistics;

namespace GatewayPersistence.DependencyInjection;

/// <summary>Settings of GatewayPersistence, bound from the <c>GatewayPersistence</c> configuration section.</summary>
public sealed class GatewayPersistenceOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "GatewayPersistence";

    /// <summary>Name of the connection string under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Gateway";

    /// <summary>
    /// MySQL or MariaDB connection string. Taken, in order, from <c>GatewayPersistence:ConnectionString</c>,
    /// <c>ConnectionStrings:Gateway</c>, or built from the TypeScript gateway's <c>MYSQL_*</c> environment variables.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Name of the optional read-replica connection string under <c>ConnectionStrings</c>.</summary>
    public const string ReadConnectionStringName = "GatewayRead";

    /// <summary>
    /// Optional connection string of a read replica (from <c>GatewayPersistence:ReadConnectionString</c> or
    /// <c>ConnectionStrings:GatewayRead</c>). Statistics and the request listing read it, lagging the primary by the
    /// replication delay; every write, authentication lookup and read-your-writes stays on <see cref="ConnectionString"/>.
    /// A replica that does not answer is skipped (the primary answers) and tried again after 30 s.
    /// </summary>
    public string? ReadConnectionString { get; set; }

    /// <summary>Server version such as <c>8.0.36-mysql</c> or <c>10.11.6-mariadb</c>; empty detects it at start-up.</summary>
    public string? ServerVersion { get; set; }

    /// <summary>Whether the host applies migrations (adopting a legacy database) before it accepts traffic.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Whether EF Core retries transient failures with Pomelo's execution strategy.</summary>
    public bool RetryOnFailure { get; set; } = true;

    /// <summary>Request-log pipeline settings.</summary>
    public RequestLogOptions RequestLog { get; set; } = new();

    /// <summary>Statistics settings.</summary>
    public StatisticsOptions Statistics { get; set; } = new();

    /// <summary>Password hashing and provider-key encryption settings (secrets: never logged).</summary>
    public GatewaySecurityOptions Security { get; set; } = new();

    /// <summary>
    /// Why the legacy <c>MYSQL_*</c> fallback could not build a connection string (e.g. <c>MYSQL_PASSWORD</c> missing),
    /// reported by validation; never holds a secret.
    /// </summary>
    internal string? LegacyFallbackProblem { get; set; }
}
