using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GatewayPersistence.Tests.Statistics;

public class StatisticsRegistrationTests
{
    [Test]
    public async Task AddGatewayPersistence_registers_statistics_writer_and_backfill_that_work()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddGatewayPersistence(options =>
            {
                options.ConnectionString = database.ConnectionString;
                options.ServerVersion = TestDatabaseServer.ServerVersion.ToString();
            })
            .BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IApiRequestRollupWriter>(), Is.InstanceOf<ApiRequestRollupWriter>());
        var backfill = await provider.GetRequiredService<IApiRequestRollupBackfill>().BackfillAsync(null, null);
        Assert.That(backfill.RowsProcessed, Is.Zero);
        var stats = await provider.GetRequiredService<IApiRequestStatistics>().GetStatsAsync(new StatsQuery());
        Assert.That(stats.To - stats.From, Is.EqualTo(TimeSpan.FromHours(24)));
        Assert.That(stats.TotalRequests, Is.Zero);
    }

    [Test]
    public void An_unknown_time_zone_fails_options_validation()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddGatewayPersistence(options =>
            {
                options.ConnectionString = "Server=localhost";
                options.Statistics.TimeZone = "Mars/Olympus_Mons";
                options.Statistics.BackfillChunkHours = 0;
            })
            .BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<GatewayPersistenceOptions>>().Value);
        Assert.That(failure!.Failures, Has.Some.Contains("Mars/Olympus_Mons"));
        Assert.That(failure.Failures, Has.Some.Contains("BackfillChunkHours"));
    }
}
