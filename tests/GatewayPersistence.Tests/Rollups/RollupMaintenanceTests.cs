using GatewayPersistence.Tests.RequestLog;
using GatewayPersistence.Tests.Statistics;
using GatewayPersistence.Statistics;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Rollups;

/// <summary>The rollup under concurrent writers, retried batches and the backfill.</summary>
public class RollupMaintenanceTests
{
    private const long Hour = 3_600_000;
    private static readonly long Base = DateTimeOffset.Parse("2026-05-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static RequestRow Row(string id, Random random, long createdAt) => new(
        id, random.Next(4) == 0 ? null : $"k{random.Next(3)}", random.Next(5) == 0 ? null : $"p{random.Next(2)}",
        random.Next(6) == 0 ? null : $"m{random.Next(4)}", random.Next(0, 500), random.Next(0, 500), random.Next(3) == 0 ? 5 : 0,
        random.Next(3) == 0 ? "error" : "success", random.Next(5) == 0 ? null : random.Next(1, 5000), random.Next(5) == 0, createdAt);

    private static async Task SeedAsync(TestDatabase database)
    {
        await AddProviderAsync(database, "p0", "zero");
        await AddProviderAsync(database, "p1", "one");
        for (var k = 0; k < 3; k++)
        {
            await AddVirtualKeyAsync(database, $"k{k}", $"key {k}");
        }
    }

    [Test]
    public async Task Three_concurrent_pipelines_leave_the_rollup_equal_to_the_raw_rows()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var deadlocksRetried = 0;

        async Task PipelineAsync(int pipeline)
        {
            var random = new Random(1000 + pipeline);
            await using var connection = await database.OpenConnectionAsync();
            for (var batch = 0; batch < 25; batch++)
            {
                // All pipelines write into the same few hours, so they contend for the same rollup rows.
                var rows = Enumerable.Range(0, random.Next(5, 40))
                    .Select(i => Row($"w{pipeline}-b{batch}-{i}", random, Base + random.NextInt64(3 * Hour)))
                    .ToArray();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await InsertBatchAsync(connection, rows);
                        break;
                    }
                    catch (MySqlException exception) when (exception.ErrorCode == MySqlErrorCode.LockDeadlock && attempt < 20)
                    {
                        Interlocked.Increment(ref deadlocksRetried);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(pipeline => Task.Run(() => PipelineAsync(pipeline))));

        TestContext.Out.WriteLine($"deadlocks retried: {deadlocksRetried}");
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"),
            Is.EqualTo(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests")));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));
    }

    [Test]
    public async Task A_batch_retried_after_its_rows_already_exist_adds_nothing_twice()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 20).Select(i => Row($"r{i}", random, Base + random.NextInt64(2 * Hour))).ToArray();
        await InsertBatchAsync(database, rows);

        // The pipeline's retry after an unknown outcome (the commit's reply lost): the whole batch again, through the
        // request log's own write path, with five rows the first attempt did not have. Only those five are inserted and
        // rolled up.
        var retried = rows.Concat(Enumerable.Range(0, 5).Select(i => Row($"late{i}", random, Base + random.NextInt64(2 * Hour)))).ToArray();
        await using (var pipeline = TestPipeline.Create(database.ConnectionString))
        {
            Assert.That(await pipeline.Processor.WriteAsync(retried.Select(ToRecord).ToList(), allowSpill: false, CancellationToken.None), Is.True);
        }

        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(25));
        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(25));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));

        // A failed transaction leaves neither raw rows nor rollup counts behind.
        await using (var connection = await database.OpenConnectionAsync())
        {
            var duplicate = new[] { rows[0] with { Id = "new-one" }, rows[1] };
            Assert.ThrowsAsync<MySqlException>(() => InsertBatchAsync(connection, duplicate));
        }

        Assert.That(await database.ScalarAsync<long>("SELECT SUM(request_count) FROM api_request_hourly_rollups"), Is.EqualTo(25));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));
    }

    /// <summary>A test row as the gateway would hand it to the request log.</summary>
    private static GatewayPersistence.RequestLog.ApiRequestRecord ToRecord(RequestRow row) => new()
    {
        Id = row.Id,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        VirtualKeyId = row.VirtualKeyId,
        ProviderId = row.ProviderId,
        Model = row.Model,
        PromptTokens = row.PromptTokens ?? 0,
        CompletionTokens = row.CompletionTokens ?? 0,
        CachedTokens = row.CachedTokens ?? 0,
        Status = row.Status,
        ResponseTimeMs = row.ResponseTime,
        CacheHit = row.CacheHit,
    };

    [Test]
    public async Task Backfill_builds_the_rollup_of_rows_written_before_it_and_is_idempotent()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var random = new Random(11);
        var rows = Enumerable.Range(0, 400).Select(i => Row($"old{i}", random, Base + random.NextInt64(30 * Hour))).ToArray();
        await InsertWithoutRollupAsync(database, rows);

        // A stale rollup row inside the range must be replaced, not added to.
        await database.ExecuteAsync($"INSERT INTO api_request_hourly_rollups (hour_start, request_count) VALUES ({Base + Hour}, 999)");
        await database.ExecuteAsync($"INSERT INTO api_request_key_hourly_rollups (hour_start, request_count) VALUES ({Base + Hour}, 999)");

        var backfill = Backfill(database, chunkHours: 7);
        var first = await backfill.BackfillAsync(null, null);
        Assert.That(first.RowsProcessed, Is.EqualTo(400));
        Assert.That(first.HoursProcessed, Is.EqualTo((first.To - first.From).TotalHours));
        Assert.That(first.Chunks, Is.EqualTo((int)Math.Ceiling(first.HoursProcessed / 7.0)));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));

        var rollupAfterFirst = await RollupLinesAsync(database);
        var second = await backfill.BackfillAsync(DateTimeOffset.FromUnixTimeMilliseconds(Base + (5 * Hour) + 17), DateTimeOffset.FromUnixTimeMilliseconds(Base + (9 * Hour)));
        Assert.That(second.HoursProcessed, Is.EqualTo(4));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(rollupAfterFirst));
        Assert.That(
            await CreateStatistics(database, true).GetStatsAsync(new StatsQuery(DateTimeOffset.FromUnixTimeMilliseconds(Base), DateTimeOffset.FromUnixTimeMilliseconds(Base + (40 * Hour)))),
            Is.EqualTo(await CreateStatistics(database, false).GetStatsAsync(new StatsQuery(DateTimeOffset.FromUnixTimeMilliseconds(Base), DateTimeOffset.FromUnixTimeMilliseconds(Base + (40 * Hour))))));
        var trend = new TrendQuery(DateTimeOffset.FromUnixTimeMilliseconds(Base - 17), DateTimeOffset.FromUnixTimeMilliseconds(Base + (40 * Hour)), TrendInterval.Hour);
        Assert.That(
            (await CreateStatistics(database, true).GetTrendAsync(trend)).Series.SelectMany(series => series.Points.Select(point => $"{series.VirtualKeyId}|{point}")),
            Is.EqualTo((await CreateStatistics(database, false).GetTrendAsync(trend)).Series.SelectMany(series => series.Points.Select(point => $"{series.VirtualKeyId}|{point}"))));
    }

    [Test]
    public async Task Backfill_on_an_empty_table_does_nothing()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var result = await Backfill(database).BackfillAsync(null, null);
        Assert.That(result, Is.EqualTo(new RollupBackfillResult(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0, 0, 0)));
    }

    [Test]
    public async Task Pipelines_writing_into_the_hours_being_backfilled_are_counted_exactly_once()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await SeedAsync(database);
        var random = new Random(23);
        await InsertWithoutRollupAsync(database, Enumerable.Range(0, 3000).Select(i => Row($"old{i}", random, Base + random.NextInt64(12 * Hour))).ToArray());
        var backfill = Backfill(database, chunkHours: 1);
        using var stop = new CancellationTokenSource();

        async Task PipelineAsync(int pipeline)
        {
            var pipelineRandom = new Random(pipeline);
            await using var connection = await database.OpenConnectionAsync();
            for (var batch = 0; !stop.IsCancellationRequested || batch < 5; batch++)
            {
                var rows = Enumerable.Range(0, 10)
                    .Select(i => Row($"live{pipeline}-{batch}-{i}", pipelineRandom, Base + pipelineRandom.NextInt64(12 * Hour)))
                    .ToArray();
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await InsertBatchAsync(connection, rows);
                        break;
                    }
                    catch (MySqlException exception) when (
                        exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout && attempt < 50)
                    {
                    }
                }
            }
        }

        var pipelines = Enumerable.Range(0, 2).Select(pipeline => Task.Run(() => PipelineAsync(pipeline))).ToArray();
        var backfills = new List<RollupBackfillResult>();
        for (var run = 0; run < 3; run++)
        {
            backfills.Add(await backfill.BackfillAsync(DateTimeOffset.FromUnixTimeMilliseconds(Base), DateTimeOffset.FromUnixTimeMilliseconds(Base + (12 * Hour))));
        }

        await stop.CancelAsync();
        await Task.WhenAll(pipelines);

        Assert.That(backfills.Select(b => b.RowsProcessed), Is.All.GreaterThanOrEqualTo(3000));
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(await ExpectedRollupLinesAsync(database)));
    }
}
