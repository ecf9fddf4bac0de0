using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using GatewayPersistence.Statistics;
using GatewayPersistence.Tests.RequestLog;
using GatewayPersistence.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using GatewayPersistence.Tests.Statistics;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.DependencyInjection;

/// <summary>
/// Which reads go to <c>ReadConnectionString</c>, on one server: the "replica" is a second database holding different
/// rows, so every answer says where it was read. The replica-pair tests check the same against real replication.
/// </summary>
public class ReadReplicaRoutingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Statistics_and_the_listing_read_the_replica_while_key_lookups_stay_on_the_primary()
    {
        await using var primary = await SeededAsync(rows: 3, withKey: true);
        await using var replica = await SeededAsync(rows: 1, withKey: false);
        await using var services = Services(primary.ConnectionString, replica.ConnectionString, new CapturingLoggerProvider(), new SteppedTime());

        Assert.That((await services.GetRequiredService<IApiRequestStatistics>().GetStatsAsync(Window())).TotalRequests, Is.EqualTo(1), "statistics from the replica");
        var page = await services.GetRequiredService<IApiRequestRepository>().GetAllAsync(new ApiRequestQuery { IncludeTotal = true });
        Assert.That(page.Items, Has.Count.EqualTo(1), "listing from the replica");
        Assert.That(await services.GetRequiredService<IVirtualKeyRepository>().GetByKeyValueAsync("vk_k1"), Is.Not.Null, "authentication reads the primary");
        Assert.That(await services.GetRequiredService<IApiRequestRepository>().GetByIdAsync("r-2"), Is.Not.Null, "a lookup by id reads the primary");
    }

    [Test]
    public async Task A_replica_that_does_not_answer_leaves_reads_on_the_primary_until_it_is_tried_again()
    {
        await using var primary = await SeededAsync(rows: 3, withKey: true);
        await using var replica = await SeededAsync(rows: 1, withKey: false);
        await using var proxy = TcpProxy.Start(replica.ConnectionString);
        var logs = new CapturingLoggerProvider();
        var time = new SteppedTime();
        await using var services = Services(primary.ConnectionString, proxy.Route(replica.ConnectionString), logs, time);
        var statistics = services.GetRequiredService<IApiRequestStatistics>();
        Assert.That((await statistics.GetStatsAsync(Window())).TotalRequests, Is.EqualTo(1), "the replica answers first");

        proxy.Refuse();
        MySqlConnection.ClearAllPools();
        Assert.That((await statistics.GetStatsAsync(Window())).TotalRequests, Is.EqualTo(3), "the primary answers while the replica is down");
        Assert.That((await statistics.GetStatsAsync(Window())).TotalRequests, Is.EqualTo(3));
        Assert.That(logs.Lines.Count(line => line.Contains("read replica does not answer", StringComparison.Ordinal)), Is.EqualTo(1), "one warning per outage");

        proxy.Accept();
        Assert.That((await statistics.GetStatsAsync(Window())).TotalRequests, Is.EqualTo(3), "left alone until the retry interval has passed");
        time.Advance(GatewayReadContextFactory.ReplicaRetryInterval);
        Assert.That((await statistics.GetStatsAsync(Window())).TotalRequests, Is.EqualTo(1), "back on the replica");
    }

    [Test]
    public void A_read_connection_string_without_a_database_is_refused_at_start()
    {
        var services = new ServiceCollection();
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = "Server=127.0.0.1;Database=gw;User ID=u;Password=p";
            options.ReadConnectionString = "Server=replica.invalid;User ID=u;Password=p";
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => _ = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayPersistenceOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain("read-replica connection string").And.Contain("names no Database"));
    }

    private static StatsQuery Window() => new(Now.AddDays(-1), Now);

    private static async Task<TestDatabase> SeededAsync(int rows, bool withKey)
    {
        var database = await TestDatabase.CreateMigratedAsync();
        if (withKey)
        {
            await AddVirtualKeyAsync(database, "k1", "key one");
        }

        await InsertBatchAsync(database, Enumerable.Range(1, rows).Select(i => new RequestRow(
            $"r-{i}", null, null, "gpt-x", 10, 5, null, "success", 100, false, Now.AddHours(-i).ToUnixTimeMilliseconds())).ToList());
        return database;
    }

    private static ServiceProvider Services(string connectionString, string readConnectionString, ILoggerProvider logs, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.TryAddSingleton(time);
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            options.ReadConnectionString = readConnectionString;
            options.ServerVersion = TestDatabaseServer.ServerVersion.ToString();
            options.Statistics.UseHourlyRollup = false;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The system clock, with a monotonic timestamp the test moves forward.</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long offset;

        public void Advance(TimeSpan by) => Interlocked.Add(ref offset, (long)(by.TotalSeconds * TimestampFrequency) + 1);

        public override long GetTimestamp() => base.GetTimestamp() + Interlocked.Read(ref offset);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
