using System.Data.Common;
using GatewayPersistence.Repositories;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Repositories;

/// <summary>A retention run between the listing's floor read and its page: the page and its total still describe one state.</summary>
public class ApiRequestListingSnapshotTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-20T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_purge_between_the_floor_read_and_the_page_changes_neither_the_page_nor_its_total()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        // 50 rows, one every 10 minutes: the oldest 20 are in hours a purge below Now - 5 h removes.
        await InsertBatchAsync(database, Enumerable.Range(0, 50).Select(i => new GatewayPersistence.Tests.Statistics.RequestRow(
            $"r-{i:D2}", null, null, "gpt-x", 10, 5, null, "success", 100, false, Now.AddMinutes(-10 * (i + 1)).ToUnixTimeMilliseconds())).ToList());
        var cutoff = Now.AddHours(-5).ToUnixTimeMilliseconds();
        var purge = new PurgeBeforeFirstPage(database, cutoff);
        var options = new DbContextOptionsBuilder<GatewayDbContext>(database.ContextOptions).AddInterceptors(purge).Options;
        var repository = new ApiRequestRepository(
            new PooledDbContextFactory<GatewayDbContext>(options), new GatewayPersistence.Tests.Repositories.FixedTimeProvider(Now), NullLogger<ApiRequestRepository>.Instance);

        var page = await repository.GetAllAsync(new ApiRequestQuery { Limit = 100, IncludeTotal = true });

        Assert.That(purge.Purged, Is.GreaterThan(0), "the purge ran while the listing was under way");
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(50 - purge.Purged));
        Assert.That(page.Items, Has.Count.EqualTo(50), "the page reads the state its floor was read in");
        Assert.That(page.Total, Is.EqualTo(page.Items.Count), "the total counts the same state as the page");
    }

    /// <summary>Before the listing's page query runs, raises the floor and deletes below it on another connection, as retention would.</summary>
    private sealed class PurgeBeforeFirstPage(TestDatabase database, long cutoff) : DbCommandInterceptor
    {
        public int Purged { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Purged == 0 && command.CommandText.Contains("api_requests", StringComparison.Ordinal))
            {
                await using var connection = await database.OpenConnectionAsync();
                await GatewayPersistence.Retention.RetentionFloors.RaiseAsync(connection, ModelOnlySql.Model, RetentionFloor.RowsKind, cutoff, cutoff, cancellationToken);
                await using var delete = new MySqlCommand("DELETE FROM api_requests WHERE created_at < @cutoff", connection);
                delete.Parameters.AddWithValue("@cutoff", cutoff);
                Purged = await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }
}
