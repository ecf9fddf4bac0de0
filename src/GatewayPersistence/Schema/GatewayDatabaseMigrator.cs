using System.Security.Cryptography;
using System.Text;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.Schema;

/// <summary>
/// Brings the gateway database up to date: adopts a database the TypeScript gateway created, then applies every pending
/// EF Core migration. A MySQL named lock (<c>GET_LOCK</c>) serialises instances that start together, so the work
/// happens once and the others find nothing left to do.
/// </summary>
/// <remarks>
/// When a run creates the hourly rollup table (on an adopted legacy database, or any database that predates it), the
/// rollup is backfilled from the rows already there, so statistics read the same answers from the first request on.
/// </remarks>
public sealed class GatewayDatabaseMigrator(
    IDbContextFactory<GatewayDbContext> contextFactory,
    IApiRequestRollupBackfill rollupBackfill,
    ILogger<GatewayDatabaseMigrator> logger)
{
    /// <summary>Name of the migration that creates <c>api_request_hourly_rollups</c>.</summary>
    internal const string RollupMigrationName = "ApiRequestHourlyRollups";

    /// <summary>Migration that creates the key rollup; applying it also needs a backfill (which rebuilds both rollups).</summary>
    internal const string KeyRollupMigrationName = "ApiRequestKeyHourlyRollups";

    /// <summary>How long an instance waits for another instance's migration before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Command timeout of the adoption and migration statements. DDL on a large table (the 9-column statistics index on
    /// millions of rows) runs far longer than the 30 s default of an ordinary command; it must not be cut off half-way.
    /// </summary>
    public TimeSpan DdlCommandTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>A migrator for a connection string, outside dependency injection.</summary>
    public static GatewayDatabaseMigrator Create(string connectionString, ServerVersion? serverVersion = null, ILogger<GatewayDatabaseMigrator>? logger = null)
    {
        var factory = new PooledDbContextFactory<GatewayDbContext>(GatewayDbContextOptionsFactory.Create(connectionString, serverVersion));
        var sql = new SqlModel(factory);
        var backfill = new ApiRequestRollupBackfill(
            factory, sql, new HourlyRollupTable(sql), new KeyHourlyRollupTable(sql),
            Options.Create(new GatewayPersistenceOptions { ConnectionString = connectionString }), NullLogger<ApiRequestRollupBackfill>.Instance);
        return new(factory, backfill, logger ?? NullLogger<GatewayDatabaseMigrator>.Instance);
    }

    /// <summary>Adopts a legacy database when there is one, then applies pending migrations.</summary>
    /// <exception cref="GatewaySchemaException">
    /// The database cannot be adopted as it is, another instance held the lock too long, or the host lacks the migrations
    /// assembly (the message names the <c>GatewayPersistence.Migrations</c> package to add; nothing was connected to).
    /// </exception>
    public async Task<DatabaseMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Before any connection: a host without the migrations package learns which package to add.
        MigrationsAssemblyCheck.EnsureLoadable(context, logger);
        context.Database.SetCommandTimeout(DdlCommandTimeout);
        // The lock lives on a connection of its own, taken the way the context takes its connections.
        await using var lockContext = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lockConnection = (MySqlConnection)lockContext.Database.GetDbConnection();
        await lockContext.Database.OpenConnectionAsync(cancellationToken);
        var lockName = LockName(lockConnection.Database);
        await AcquireLockAsync(lockConnection, lockName, cancellationToken);
        try
        {
            var adoption = await new LegacyDatabaseAdopter(context).AdoptIfLegacyAsync(cancellationToken);
            if (adoption.Adopted)
            {
                logger.LogAdopted(lockConnection.Database, adoption.LegacySchemaVersion, adoption.Changes.Count);
                foreach (var change in adoption.Changes)
                {
                    logger.LogAdoptionChange(change);
                }
            }

            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogApplying(pending.Count, pending);
                await context.Database.MigrateAsync(cancellationToken);
            }

            RollupBackfillResult? backfill = null;
            var appliedRollups = pending.Any(id => id.EndsWith("_" + RollupMigrationName, StringComparison.Ordinal)
                || id.EndsWith("_" + KeyRollupMigrationName, StringComparison.Ordinal));
            if (appliedRollups)
            {
                // Recorded before the backfill starts and removed once it has finished: a run that dies half-way leaves
                // the marker, and the next run (whatever it applies) resumes the backfill instead of leaving every older
                // row out of the rollups for good.
                await SetBackfillPendingAsync(context, cancellationToken);
            }

            if (appliedRollups || await IsBackfillPendingAsync(context, cancellationToken))
            {
                backfill = await rollupBackfill.BackfillAsync(null, null, cancellationToken);
                logger.LogBackfilled(backfill.RowsProcessed, backfill.HoursProcessed);
                await context.Set<SystemConfigEntry>().Where(entry => entry.Key == BackfillPendingKey).ExecuteDeleteAsync(cancellationToken);
            }

            return new DatabaseMigrationResult(adoption.Adopted, adoption.LegacySchemaVersion, adoption.Changes, pending, backfill);
        }
        finally
        {
            await using var release = new MySqlCommand("SELECT RELEASE_LOCK(@name)", lockConnection);
            release.Parameters.AddWithValue("@name", lockName);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary><c>system_config</c> key present while a rollup backfill has not finished.</summary>
    internal const string BackfillPendingKey = "gateway_persistence.rollup_backfill_pending";

    private static async Task SetBackfillPendingAsync(GatewayDbContext context, CancellationToken cancellationToken)
    {
        var entries = context.Set<SystemConfigEntry>();
        if (!await entries.AnyAsync(entry => entry.Key == BackfillPendingKey, cancellationToken))
        {
            entries.Add(new SystemConfigEntry
            {
                Key = BackfillPendingKey, Value = "1", UpdatedAt = DateTimeOffset.UtcNow,
                Description = "Set by the migrator while the hourly rollup backfill has not finished; the next migration run resumes it.",
            });
            await context.SaveChangesAsync(cancellationToken);
        }
    }

    private static Task<bool> IsBackfillPendingAsync(GatewayDbContext context, CancellationToken cancellationToken)
        => context.Set<SystemConfigEntry>().AsNoTracking().AnyAsync(entry => entry.Key == BackfillPendingKey, cancellationToken);

    private async Task AcquireLockAsync(MySqlConnection connection, string lockName, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT GET_LOCK(@name, @timeout)", connection);
        command.Parameters.AddWithValue("@name", lockName);
        command.Parameters.AddWithValue("@timeout", (int)Math.Ceiling(LockTimeout.TotalSeconds));
        command.CommandTimeout = 0; // GET_LOCK's own timeout bounds the wait
        var acquired = await command.ExecuteScalarAsync(cancellationToken);
        if (acquired is not (long)1 and not 1)
        {
            throw new GatewaySchemaException(
                $"Timed out after {LockTimeout} waiting for another instance to finish migrating database '{connection.Database}'.");
        }
    }

    /// <summary>Lock names are server-wide and at most 64 characters: one per database, hashed when long.</summary>
    internal static string LockName(string database)
    {
        var name = $"gateway_persistence.migrate.{database}";
        return name.Length <= 64
            ? name
            : "gateway_persistence.migrate." + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..32];
    }
}
