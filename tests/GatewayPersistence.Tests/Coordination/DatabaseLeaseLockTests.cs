using GatewayPersistence.Coordination;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Tests.RequestLog;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.Tests.Coordination;

/// <summary>The lease row on one server; the cluster tests run the same lock across Galera nodes.</summary>
public class DatabaseLeaseLockTests
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(2);

    private static DatabaseLeaseLock Lock(string connectionString, TimeSpan duration)
        => new(new PooledDbContextFactory<GatewayDbContext>(
            GatewayDbContextOptionsFactory.Create(connectionString, TestDatabaseServer.ServerVersion)), NullLogger.Instance, duration);

    [Test]
    public async Task An_empty_database_gets_the_lease_table_and_one_holder()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var a = Lock(database.ConnectionString, ShortLease);
        var b = Lock(database.ConnectionString, ShortLease);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).TryAcquireAsync("race", CancellationToken.None))));

        Assert.That(results.Count(lease => lease is not null), Is.EqualTo(1), "one taker wins");
        Assert.That(await database.ScalarAsync<string>($"SELECT holder FROM {LeaseTable.TableName} WHERE name = 'race'"), Does.Contain($":{Environment.ProcessId}:"));
        foreach (var lease in results.OfType<ExclusiveLease>())
        {
            await lease.DisposeAsync();
        }

        Assert.That(await database.ScalarAsync<long>($"SELECT COUNT(*) FROM {LeaseTable.TableName} WHERE name = 'race' AND holder IS NULL"), Is.EqualTo(1), "released");
    }

    [Test]
    public async Task A_holder_that_keeps_renewing_keeps_the_lease_past_its_duration()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var held = await Lock(database.ConnectionString, ShortLease).TryAcquireAsync("renewed", CancellationToken.None);
        Assert.That(held, Is.Not.Null);

        await Task.Delay(ShortLease * 2.5);

        Assert.That(await Lock(database.ConnectionString, ShortLease).TryAcquireAsync("renewed", CancellationToken.None), Is.Null);
        Assert.That(held!.IsLost, Is.False);
    }

    [Test]
    public async Task The_lease_of_a_holder_cut_off_from_the_database_expires_and_another_takes_it()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        var cutOff = Lock(proxy.Route(database.ConnectionString), ShortLease);
        var other = Lock(database.ConnectionString, ShortLease);
        await using var held = await cutOff.TryAcquireAsync("failover", CancellationToken.None);
        Assert.That(held, Is.Not.Null);
        Assert.That(await other.TryAcquireAsync("failover", CancellationToken.None), Is.Null, "held while it renews");

        // The holder's process is as good as dead to the database: it can neither renew nor release.
        proxy.Refuse();
        await using var taken = await other.AcquireAsync("failover", TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That(taken, Is.Not.Null, "the expired lease went to the other instance");
        Assert.That(await Eventually.TrueWithinAsync(() => held!.IsLost, TimeSpan.FromSeconds(30)), Is.True, "the cut-off holder learns it lost the lease");
        Assert.That(held!.Lost.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task Waiting_for_a_held_lease_times_out_with_null()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var held = await Lock(database.ConnectionString, ShortLease).TryAcquireAsync("busy", CancellationToken.None);

        var waited = await Lock(database.ConnectionString, ShortLease).AcquireAsync("busy", TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.That(held, Is.Not.Null);
        Assert.That(waited, Is.Null);
    }
}
