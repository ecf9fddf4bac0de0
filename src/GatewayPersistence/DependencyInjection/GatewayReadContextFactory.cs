using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.DependencyInjection;

/// <summary>
/// Contexts for the reads that may lag the primary: statistics and the request listing. With
/// <see cref="GatewayPersistenceOptions.ReadConnectionString"/> set they read a replica; without it, or while the replica
/// cannot be reached, the primary. Writes, authentication lookups and anything that must read its own writes never come
/// here.
/// </summary>
/// <remarks>
/// A replica that refuses a connection is skipped for <see cref="ReplicaRetryInterval"/> (one warning per outage), so a
/// dashboard keeps answering from the primary instead of failing; the staleness of a healthy replica is its replication
/// lag, which the library does not bound (see docs/scale-out.md).
/// </remarks>
internal sealed class GatewayReadContextFactory : IAsyncDisposable
{
    /// <summary>How long a replica that refused a connection is left alone before it is tried again.</summary>
    internal static readonly TimeSpan ReplicaRetryInterval = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<GatewayDbContext> primary;
    private readonly Lazy<(MySqlDataSource DataSource, PooledDbContextFactory<GatewayDbContext> Factory)>? replica;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly GatewayServerVersionProvider? serverVersion;
    private long replicaDownUntil = long.MinValue;
    private int replicaDown;

    public GatewayReadContextFactory(
        IDbContextFactory<GatewayDbContext> primary, IOptions<GatewayPersistenceOptions> options, GatewayServerVersionProvider serverVersion,
        TimeProvider timeProvider, ILogger<GatewayReadContextFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serverVersion);
        this.primary = primary;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.serverVersion = serverVersion;
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ReadConnectionString))
        {
            var readConnectionString = settings.ReadConnectionString;
            replica = new(() =>
            {
                var dataSource = GatewayDataSource.Build(readConnectionString);
                var builder = new DbContextOptionsBuilder<GatewayDbContext>();
                GatewayDbContextOptionsFactory.Configure(builder, dataSource, serverVersion.ServerVersion, settings.RetryOnFailure);
                return (dataSource, new PooledDbContextFactory<GatewayDbContext>(builder.Options));
            });
        }
    }

    private GatewayReadContextFactory(IDbContextFactory<GatewayDbContext> primary)
    {
        this.primary = primary;
        timeProvider = TimeProvider.System;
        logger = NullLogger.Instance;
    }

    /// <summary>Whether a read replica is configured.</summary>
    public bool HasReplica => replica is not null;

    /// <summary>Reads from the primary only (no replica configured), outside dependency injection.</summary>
    internal static GatewayReadContextFactory PrimaryOnly(IDbContextFactory<GatewayDbContext> primary)
        => new(primary ?? throw new ArgumentNullException(nameof(primary)));

    /// <summary>
    /// A context on the replica with its connection already open, or on the primary when there is no replica or it does
    /// not answer. The caller disposes it.
    /// </summary>
    public async Task<GatewayDbContext> CreateDbContextAsync(CancellationToken cancellationToken)
    {
        if (replica is null || timeProvider.GetTimestamp() < Volatile.Read(ref replicaDownUntil))
        {
            return await primary.CreateDbContextAsync(cancellationToken);
        }

        // Asked before the replica is built: a version not detectable yet throws here, not out of (and kept by) the Lazy.
        _ = serverVersion?.ServerVersion;

        var context = await replica.Value.Factory.CreateDbContextAsync(cancellationToken);
        try
        {
            // Opened here, once and without EF's retries, so a replica that is down is found at once, before any query;
            // EF then uses the open connection as it is.
            await context.Database.GetDbConnection().OpenAsync(cancellationToken);
            if (Interlocked.Exchange(ref replicaDown, 0) == 1)
            {
                logger.LogReplicaBack();
            }

            return context;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            await context.DisposeAsync();
            Volatile.Write(ref replicaDownUntil, timeProvider.GetTimestamp() + (long)(ReplicaRetryInterval.TotalSeconds * timeProvider.TimestampFrequency));
            if (Interlocked.Exchange(ref replicaDown, 1) == 0)
            {
                logger.LogReplicaUnavailable(ReplicaRetryInterval, exception.Message);
            }

            return await primary.CreateDbContextAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (replica is { IsValueCreated: true })
        {
            await replica.Value.DataSource.DisposeAsync();
        }
    }
}
