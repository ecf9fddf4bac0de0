using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// The one place that turns a connection string into <see cref="DbContextOptions{GatewayDbContext}"/>, shared by
/// dependency injection, the design-time factory, the migration runner and tests, so they all build the same model.
/// </summary>
public static class GatewayDbContextOptionsFactory
{
    /// <summary>Assembly holding the EF Core migrations.</summary>
    public const string MigrationsAssembly = "GatewayPersistence.Migrations";

    /// <summary>
    /// Configures <paramref name="builder"/> for the gateway database.
    /// </summary>
    /// <param name="builder">Options builder to configure.</param>
    /// <param name="connectionString">MySQL or MariaDB connection string.</param>
    /// <param name="serverVersion">Server version; <see langword="null"/> detects it from the server.</param>
    /// <param name="retryOnFailure">Whether to use Pomelo's retrying execution strategy for transient failures.</param>
    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder builder, string connectionString, ServerVersion? serverVersion = null, bool retryOnFailure = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var normalized = NormalizeConnectionString(connectionString);
        IgnoreErrorEventsThatQuoteValues(builder);
        // The count of EF's internal service providers is per process: once the data-source contexts of many containers
        // (below) have passed twenty, the first new one needed here would otherwise be an error too.
        builder.ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        builder.UseMySql(normalized, serverVersion ?? ServerVersion.AutoDetect(normalized), mysql => Configure(mysql, retryOnFailure));
        return builder;
    }

    /// <summary>Configures <paramref name="builder"/> on the library's data source (what dependency injection registers).</summary>
    internal static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder builder, System.Data.Common.DbDataSource dataSource, ServerVersion serverVersion, bool retryOnFailure)
    {
        IgnoreErrorEventsThatQuoteValues(builder);
        // EF keys its internal service providers on the data source, and each container has its own: a process that
        // builds many containers (tests, several hosts) passes EF's limit of twenty, which is an error by default.
        builder.ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        builder.UseMySql(dataSource, serverVersion, mysql => Configure(mysql, retryOnFailure));
        return builder;
    }

    private static void Configure(MySqlDbContextOptionsBuilder mysql, bool retryOnFailure)
    {
        mysql.MigrationsAssembly(MigrationsAssembly);
        if (retryOnFailure)
        {
            mysql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(10), errorNumbersToAdd: null);
        }
    }

    // EF's own error events log the provider's message, and MySQL quotes the offending value in it ("Duplicate entry
    // 'vk_...' for key 'key_value'"), which may be a secret. Callers get typed exceptions without that text instead
    // (repositories) or log their own failures (request log), so these events are not logged.
    private static void IgnoreErrorEventsThatQuoteValues(DbContextOptionsBuilder builder)
        => builder.ConfigureWarnings(warnings => warnings.Ignore(
            CoreEventId.SaveChangesFailed, CoreEventId.QueryIterationFailed, RelationalEventId.CommandError));

    /// <summary>Creates standalone options (for tools, tests and the migration runner).</summary>
    public static DbContextOptions<GatewayDbContext> Create(
        string connectionString, ServerVersion? serverVersion = null, bool retryOnFailure = false)
    {
        var builder = new DbContextOptionsBuilder<GatewayDbContext>();
        Configure(builder, connectionString, serverVersion, retryOnFailure);
        return builder.Options;
    }

    /// <summary>
    /// Applies the settings every gateway connection needs: utf8mb4 on the wire, and no secret kept in the
    /// connection's visible string.
    /// </summary>
    public static string NormalizeConnectionString(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            CharacterSet = "utf8mb4",
            PersistSecurityInfo = false,
        };
        return builder.ConnectionString;
    }
}
