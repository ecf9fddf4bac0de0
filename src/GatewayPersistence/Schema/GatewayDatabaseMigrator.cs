using GatewayPersistence.Coordination;
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
/// EF Core migration. A cluster-wide lease (a committed row, see <see cref="Coordination.DatabaseLeaseLock"/>) serialises
/// instances that start together, on one server or on different nodes of a cluster, so the work happens once and the
/// others wait and then find nothing left to do.
/// </summary>
/// <remarks>
/// When a run creates the hourly rollup table (on an adopted legacy database, or any database that predates it), the
/// rollup is backfilled from the rows already there, so statistics read the same answers from the first request on.
/// </remarks>
public sealed class GatewayDatabaseMigrator
{
    private readonly IDbContextFactory<GatewayDbContext> contextFactory;
    private readonly IApiRequestRollupBackfill rollupBackfill;
    private readonly IExclusiveLock exclusiveLock;
    private readonly ILogger<GatewayDatabaseMigrator> logger;

    /// <summary>A migrator on the host's context factory and rollup backfill.</summary>
    public GatewayDatabaseMigrator(
        IDbContextFactory<GatewayDbContext> contextFactory, IApiRequestRollupBackfill rollupBackfill, ILogger<GatewayDatabaseMigrator> logger)
        : this(contextFactory, rollupBackfill, new DatabaseLeaseLock(contextFactory, logger, DatabaseLeaseLock.DefaultDuration), logger)
    {
    }

    internal GatewayDatabaseMigrator(
        IDbContextFactory<GatewayDbContext> contextFactory, IApiRequestRollupBackfill rollupBackfill, IExclusiveLock exclusiveLock,
        ILogger<GatewayDatabaseMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(rollupBackfill);
        ArgumentNullException.ThrowIfNull(exclusiveLock);
        ArgumentNullException.ThrowIfNull(logger);
        this.contextFactory = contextFactory;
        this.rollupBackfill = rollupBackfill;
        this.exclusiveLock = exclusiveLock;
        this.logger = logger;
    }

    /// <summary>Name of the lease of a migration run.</summary>
    internal const string LockName = "gateway-migrate";

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
        logger ??= NullLogger<GatewayDatabaseMigrator>.Instance;
        var exclusiveLock = new DatabaseLeaseLock(factory, logger, DatabaseLeaseLock.DefaultDuration);
        var backfill = ApiRequestRollupBackfill.Create(factory, new GatewayPersistenceOptions { ConnectionString = connectionString }, exclusiveLock);
        return new(factory, backfill, exclusiveLock, logger);
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
        var database = context.Database.GetDbConnection().Database;
        await using var lease = await exclusiveLock.AcquireAsync(LockName, LockTimeout, cancellationToken)
            ?? throw new GatewaySchemaException(
                $"Timed out after {LockTimeout} waiting for another instance to finish migrating database '{database}'.");
        // Losing the lease (this instance cut off from the database for a whole lease) stops the run: another instance
        // may be migrating by then.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var work = linked.Token;
        var adoption = await new LegacyDatabaseAdopter(context).AdoptIfLegacyAsync(work);
        if (adoption.Adopted)
        {
            logger.LogAdopted(database, adoption.LegacySchemaVersion, adoption.Changes.Count);
            foreach (var change in adoption.Changes)
            {
                logger.LogAdoptionChange(change);
            }
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(work)).ToList();
        if (pending.Count > 0)
        {
            logger.LogApplying(pending.Count, pending);
            await context.Database.MigrateAsync(work);
        }

        RollupBackfillResult? backfill = null;
        var appliedRollups = pending.Any(id => id.EndsWith("_" + RollupMigrationName, StringComparison.Ordinal)
            || id.EndsWith("_" + KeyRollupMigrationName, StringComparison.Ordinal));
        if (appliedRollups)
        {
            // Recorded before the backfill starts and removed once it has finished: a run that dies half-way leaves
            // the marker, and the next run (whatever it applies) resumes the backfill instead of leaving every older
            // row out of the rollups for good.
            await SetBackfillPendingAsync(context, work);
        }

        if (appliedRollups || await IsBackfillPendingAsync(context, work))
        {
            backfill = await rollupBackfill.BackfillAsync(null, null, work);
            logger.LogBackfilled(backfill.RowsProcessed, backfill.HoursProcessed);
            await context.Set<SystemConfigEntry>().Where(entry => entry.Key == BackfillPendingKey).ExecuteDeleteAsync(work);
        }

        return new DatabaseMigrationResult(adoption.Adopted, adoption.LegacySchemaVersion, adoption.Changes, pending, backfill);
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
}
