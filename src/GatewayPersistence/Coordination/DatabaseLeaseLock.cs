using System.Diagnostics;
using System.Text;
using GatewayPersistence.Sql;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace GatewayPersistence.Coordination;

/// <summary>
/// <see cref="IExclusiveLock"/> as a lease row in <c>__gateway_leases</c> (see <see cref="LeaseTable"/>): taken by one
/// committed UPDATE, renewed by its holder, released on dispose, and expired when a holder stops renewing. Unlike
/// <c>GET_LOCK</c>, which lives in one server's memory (Galera does not replicate it, a promoted replica does not know
/// it), a committed row holds on every node of a cluster and across a failover.
/// </summary>
internal sealed class DatabaseLeaseLock : IExclusiveLock
{
    /// <summary>Lease length when none is given: long enough that a renewal every third of it survives a stall.</summary>
    internal static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<GatewayDbContext> contextFactory;
    private readonly ILogger logger;
    private LeaseTable? table;

    public DatabaseLeaseLock(IDbContextFactory<GatewayDbContext> contextFactory, ILogger<DatabaseLeaseLock> logger)
        : this(contextFactory, logger, DefaultDuration)
    {
    }

    internal DatabaseLeaseLock(IDbContextFactory<GatewayDbContext> contextFactory, ILogger logger, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(1));
        this.contextFactory = contextFactory;
        this.logger = logger;
        Duration = duration;
    }

    /// <summary>How long a lease lasts without renewal.</summary>
    public TimeSpan Duration { get; }

    /// <summary>How often a holder renews: three chances before its lease runs out.</summary>
    internal TimeSpan RenewInterval => Duration / 3;

    private TimeSpan PollInterval => Duration / 4 < TimeSpan.FromSeconds(1) ? Duration / 4 : TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task<ExclusiveLease?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var holder = NewHolder();
        var sent = Stopwatch.GetTimestamp();
        bool taken;
        try
        {
            taken = await RunAsync(async (connection, sql, token) =>
            {
                try
                {
                    await ExecuteAsync(connection, sql.EnsureRow, name, holder, token);
                }
                catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.NoSuchTable)
                {
                    // Created only when missing: a runtime account without CREATE uses the table the migrator made.
                    await ExecuteAsync(connection, sql.CreateIfMissing, name, holder, token);
                    await ExecuteAsync(connection, sql.EnsureRow, name, holder, token);
                }

                return await ExecuteAsync(connection, sql.Take, name, holder, token) == 1;
            }, cancellationToken);
        }
        catch (MySqlException exception) when (LockRaceRetry.IsLockRace(exception))
        {
            // Another node's take of the same row committed first (certification conflict) or held its row lock.
            logger.LogLeaseRaceLost(name, exception.Number);
            return null;
        }

        if (!taken)
        {
            return null;
        }

        logger.LogLeaseTaken(name, holder, Duration);
        return ExclusiveLease.Start(this, name, holder, sent, logger);
    }

    /// <inheritdoc />
    public async Task<ExclusiveLease?> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var logged = false;
        while (true)
        {
            if (await TryAcquireAsync(name, cancellationToken) is { } lease)
            {
                return lease;
            }

            if (timeout != Timeout.InfiniteTimeSpan && waited.Elapsed >= timeout)
            {
                return null;
            }

            if (!logged)
            {
                logger.LogLeaseWaiting(name);
                logged = true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Extends the lease; false when <paramref name="holder"/> no longer has it.</summary>
    internal Task<bool> RenewAsync(string name, string holder, CancellationToken cancellationToken)
        => RunAsync(async (connection, sql, token) => await ExecuteAsync(connection, sql.Renew, name, holder, token) == 1, cancellationToken);

    /// <summary>Frees the lease when <paramref name="holder"/> still has it.</summary>
    internal Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
        => RunAsync(async (connection, sql, token) => await ExecuteAsync(connection, sql.Release, name, holder, token), cancellationToken);

    private async Task<T> RunAsync<T>(Func<MySqlConnection, LeaseTable, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        table ??= new LeaseTable(context.GetService<ISqlGenerationHelper>());
        await context.Database.OpenConnectionAsync(cancellationToken);
        return await work((MySqlConnection)context.Database.GetDbConnection(), table, cancellationToken);
    }

    private async Task<int> ExecuteAsync(MySqlConnection connection, string sql, string name, string holder, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@name", name);
        command.Parameters.AddWithValue("@holder", holder);
        command.Parameters.AddWithValue("@duration", (long)Duration.TotalMicroseconds);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 100 || !Ascii.IsValid(name))
        {
            throw new ArgumentException($"A lock name is 1 to 100 ASCII characters; got '{name}'.", nameof(name));
        }
    }

    /// <summary>Who holds a lease, for an operator reading the table: machine, process, and a per-lease nonce.</summary>
    private static string NewHolder()
    {
        var machine = new StringBuilder(Environment.MachineName.Length);
        foreach (var c in Environment.MachineName)
        {
            machine.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        }

        var prefix = machine.Length > 120 ? machine.ToString(0, 120) : machine.ToString();
        return $"{prefix}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }
}
