using GatewayPersistence.DependencyInjection;
using GatewayPersistence.HealthChecks;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Tests.RequestLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GatewayPersistence.Tests.DependencyInjection;

/// <summary>
/// A gateway started with no <c>ServerVersion</c> configured while its database is missing or its server unreachable:
/// the host and the request-log pipeline come up, records are journaled, an operation that needs a context fails with
/// a typed error, the health checks say so, and the records arrive once the database is there.
/// </summary>
public class UnavailableAtStartTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Test]
    public async Task A_database_that_does_not_exist_yet_is_journaled_to_and_receives_the_records_once_migrated()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await DropAsync(database);
        await using var pipeline = TestPipeline.Create(
            database.ConnectionString, options => options.MaxRetryAttempts = 1, detectServerVersion: true, moreServices: HealthChecks);

        Assert.DoesNotThrowAsync(pipeline.StartAsync);
        var records = TestRecords.Many("missing-db", 40);
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.That(during.Spilled, Is.EqualTo(40));
        Assert.That(pipeline.JournalSegmentCount(), Is.GreaterThan(0));
        var health = await pipeline.Get<HealthCheckService>().CheckHealthAsync();
        Assert.That(health.Status, Is.Not.EqualTo(HealthStatus.Healthy));

        await using (var context = database.CreateContext())
        {
            // MigrateAsync creates the database (as the migration command does).
            await context.Database.MigrateAsync();
        }

        // The flush loop may replay on its own while the migration runs (it probes every 200 ms): counted either way.
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(pipeline.State.GetSnapshot().Replayed, Is.EqualTo(40));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(40));
        Assert.That(pipeline.JournalSegmentCount(), Is.Zero);
        await using var later = await pipeline.Get<IDbContextFactory<GatewayDbContext>>().CreateDbContextAsync();
        Assert.That(await later.ApiRequests.CountAsync(), Is.EqualTo(40));
    }

    [Test]
    public async Task An_unreachable_server_fails_the_operation_with_a_typed_error_not_the_host_and_the_records_arrive_when_it_answers()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var proxy = TcpProxy.Start(database.ConnectionString);
        proxy.Refuse();
        await using var pipeline = TestPipeline.Create(
            proxy.Route(database.ConnectionString), options => options.MaxRetryAttempts = 1, detectServerVersion: true, moreServices: HealthChecks);

        Assert.DoesNotThrowAsync(pipeline.StartAsync);
        var contexts = pipeline.Get<IDbContextFactory<GatewayDbContext>>();
        Assert.ThrowsAsync<GatewayDatabaseUnavailableException>(async () => await contexts.CreateDbContextAsync());
        var records = TestRecords.Many("down", 25);
        foreach (var record in records)
        {
            pipeline.Log.Enqueue(record);
        }

        var during = await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.That(during.Spilled, Is.EqualTo(25));
        Assert.That((await pipeline.Get<HealthCheckService>().CheckHealthAsync()).Status, Is.Not.EqualTo(HealthStatus.Healthy));

        proxy.Accept();
        // The version is asked again at most once per retry interval: the flush after it finds the server.
        await Task.Delay(GatewayServerVersionProvider.RetryInterval);
        await pipeline.Log.FlushAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(pipeline.State.GetSnapshot().Replayed, Is.EqualTo(25));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(25));
        await using var context = await contexts.CreateDbContextAsync();
        Assert.That(await context.ApiRequests.CountAsync(), Is.EqualTo(25));
    }

    private static void HealthChecks(IServiceCollection services) => services.AddHealthChecks().AddGatewayPersistenceHealthChecks();

    private static async Task DropAsync(TestDatabase database)
    {
        await using var connection = new MySqlConnection(TestDatabaseServer.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE `{database.Name}`", connection);
        await command.ExecuteNonQueryAsync();
    }
}
