using System.Diagnostics.Metrics;
using System.Globalization;
using GatewayPersistence.Coordination;
using GatewayPersistence.Retention;
using GatewayPersistence.Statistics;
using GatewayPersistence.Tests.Statistics;
using static GatewayPersistence.Tests.Statistics.StatisticsTestSupport;

namespace GatewayPersistence.Tests.Retention;

public class RowRetentionTests
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;

    // 10:42:17.123 UTC: the cutoff 30 days back is 2026-01-01T10:00:00Z, inside the hour that is exactly 30 days old.
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-31T10:42:17.123Z", CultureInfo.InvariantCulture);
    private static readonly long Cutoff = DateTimeOffset.Parse("2026-01-01T10:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Test]
    public async Task Retention_deletes_whole_hours_below_the_cutoff_in_chunks_and_keeps_the_rollups()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        var rows = new List<RequestRow>();
        var times = new[] { Cutoff - (3 * Day), Cutoff - Hour, Cutoff - 1, Cutoff, Cutoff + 1, Cutoff + (42 * 60_000), Cutoff + Hour, Now.ToUnixTimeMilliseconds() };
        for (var i = 0; i < 1_200; i++)
        {
            rows.Add(Row($"old-{i:D4}", Cutoff - (2 * Day) + (i * 60_000)));
        }

        rows.AddRange(times.Select((t, i) => Row($"edge-{i}", t)));
        foreach (var chunk in rows.Chunk(300))
        {
            await InsertBatchAsync(database, chunk);
        }

        var rollupsBefore = await RollupLinesAsync(database);
        await using var harness = new RetentionHarness(database, Now, r => (r.RowDays, r.ChunkRows, r.ChunkPause) = (30, 250, TimeSpan.Zero));
        var result = await harness.Retention.RunOnceAsync(CancellationToken.None);

        var kept = await IdsAsync(database);
        Assert.Multiple(() =>
        {
            Assert.That(result.HeldLock, Is.True);
            Assert.That(result.RowFloor, Is.EqualTo(Cutoff));
            Assert.That(result.RowsDeleted, Is.EqualTo(1_203));
            Assert.That(result.RowsRemaining, Is.Zero);
            Assert.That(result.Statements, Is.GreaterThanOrEqualTo(5), "1,203 rows in chunks of 250");
            Assert.That(kept, Is.EquivalentTo(new[] { "edge-3", "edge-4", "edge-5", "edge-6", "edge-7" }),
                "rows from the cutoff hour on are kept, though part of that hour is older than 30 days");
        });
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(rollupsBefore), "the rollups keep the purged hours");
        await Backfill(database).BackfillAsync(DateTimeOffset.FromUnixTimeMilliseconds(Cutoff - (4 * Day)), Now);
        Assert.That(await RollupLinesAsync(database), Is.EqualTo(rollupsBefore), "a backfill rebuilds no hour below the floor");
        Assert.That(await database.ScalarAsync<long>("SELECT floor_at FROM api_request_retention_floors WHERE kind = 'rows'"), Is.EqualTo(Cutoff));

        var again = await harness.Retention.RunOnceAsync(CancellationToken.None);
        Assert.That((again.RowsDeleted, again.RowFloor), Is.EqualTo((0L, (long?)Cutoff)));
    }

    [Test]
    public async Task A_run_stops_at_its_time_budget_reports_what_is_left_and_the_next_run_goes_on()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await RetentionHarness.InsertRowsAsync(database, "old-", 3_000, Cutoff - Day, 1_000);
        await RetentionHarness.InsertRowsAsync(database, "new-", 10, Cutoff, 1_000);
        var remainingSeen = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "GatewayPersistence" && instrument.Name.StartsWith("gateway_persistence.retention.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        var deletedMeasured = 0L;
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "gateway_persistence.retention.rows_deleted")
            {
                Interlocked.Add(ref deletedMeasured, value);
            }
            else if (instrument.Name == "gateway_persistence.retention.rows_remaining")
            {
                remainingSeen.Add(value);
            }
        });
        listener.Start();

        await using (var tight = new RetentionHarness(database, Now, r => (r.RowDays, r.ChunkRows, r.ChunkPause, r.TimeBudget) = (30, 100, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(1))))
        {
            var first = await tight.Retention.RunOnceAsync(CancellationToken.None);
            listener.RecordObservableInstruments();
            Assert.That(first.RowsRemaining, Is.GreaterThan(0));
            Assert.That(first.RowsDeleted + first.RowsRemaining, Is.EqualTo(3_000));
            Assert.That(remainingSeen, Has.Member(first.RowsRemaining));
        }

        await using var roomy = new RetentionHarness(database, Now, r => (r.RowDays, r.ChunkRows, r.ChunkPause) = (30, 1_000, TimeSpan.Zero));
        var second = await roomy.Retention.RunOnceAsync(CancellationToken.None);
        Assert.That(second.RowsRemaining, Is.Zero);
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(10));
        Assert.That(Interlocked.Read(ref deletedMeasured), Is.EqualTo(3_000), "rows_deleted counts every row once");
    }

    [Test]
    public async Task Rows_arriving_behind_the_chunks_below_the_floor_are_deleted_in_the_same_run()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await RetentionHarness.InsertRowsAsync(database, "old-", 600, Cutoff - Day, 1_000);
        await RetentionHarness.InsertRowsAsync(database, "new-", 5, Cutoff, 1_000);
        // Chunks start after the previous chunk's rows; a row written meanwhile with an older time (a journal replayed
        // late, a clock behind) is behind every later chunk.
        await using var harness = new RetentionHarness(database, Now, r => (r.RowDays, r.ChunkRows, r.ChunkPause) = (30, 100, TimeSpan.FromMilliseconds(400)));
        var run = harness.Retention.RunOnceAsync(CancellationToken.None);
        while (await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests WHERE id LIKE 'old-%'") == 600)
        {
            Assert.That(run.IsCompleted, Is.False, "the run ended before its first chunk was seen");
            await Task.Delay(20);
        }

        await RetentionHarness.InsertRowsAsync(database, "late-", 3, Cutoff - (2 * Day), 1_000);
        Assert.That(run.IsCompleted, Is.False, "the late rows must arrive while the run is under way");
        var result = await run;

        Assert.That(await IdsAsync(database), Is.EquivalentTo(Enumerable.Range(0, 5).Select(i => $"new-{i}")));
        Assert.That((result.RowsDeleted, result.RowsRemaining), Is.EqualTo((603L, 0L)));
    }

    [Test]
    public async Task Two_instances_running_at_once_delete_each_row_once_and_one_of_them_waits_for_the_next_interval()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await RetentionHarness.InsertRowsAsync(database, "old-", 2_000, Cutoff - Day, 1_000);
        await RetentionHarness.InsertRowsAsync(database, "new-", 5, Cutoff, 1_000);
        static void Slow(RetentionOptions r) => (r.RowDays, r.ChunkRows, r.ChunkPause) = (30, 100, TimeSpan.FromMilliseconds(40));
        await using var first = new RetentionHarness(database, Now, Slow);
        await using var second = new RetentionHarness(database, Now, Slow);

        var results = await Task.WhenAll(
            Task.Run(() => first.Retention.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => second.Retention.RunOnceAsync(CancellationToken.None)));

        Assert.That(results.Count(r => r.HeldLock), Is.EqualTo(1), "the lock lets one instance run");
        Assert.That(results.Sum(r => r.RowsDeleted), Is.EqualTo(2_000));
        Assert.That(await database.ScalarAsync<long>("SELECT COUNT(*) FROM api_requests"), Is.EqualTo(5));
    }

    [Test]
    public async Task The_lease_is_held_by_one_holder_per_database_until_released()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await using var other = await TestDatabase.CreateMigratedAsync();
        await using var a = new RetentionHarness(database, Now, _ => { });
        await using var b = new RetentionHarness(database, Now, _ => { });
        await using var elsewhere = new RetentionHarness(other, Now, _ => { });
        IExclusiveLock Lock(RetentionHarness h) => (IExclusiveLock)h.Services.GetService(typeof(IExclusiveLock))!;

        var held = await Lock(a).TryAcquireAsync("test-lock", CancellationToken.None);
        Assert.That(held, Is.Not.Null);
        Assert.That(await Lock(b).TryAcquireAsync("test-lock", CancellationToken.None), Is.Null);
        await using (var onOtherDatabase = await Lock(elsewhere).TryAcquireAsync("test-lock", CancellationToken.None))
        {
            Assert.That(onOtherDatabase, Is.Not.Null, "the lock is per database");
        }

        await held!.DisposeAsync();
        await using var afterRelease = await Lock(b).TryAcquireAsync("test-lock", CancellationToken.None);
        Assert.That(afterRelease, Is.Not.Null);
    }

    [Test]
    public async Task Statistics_over_ranges_spanning_the_floor_equal_those_before_the_purge()
    {
        await using var database = await TestDatabase.CreateMigratedAsync();
        await AddVirtualKeyAsync(database, "k1", "one");
        await AddVirtualKeyAsync(database, "k2", "two");
        await AddVirtualKeyAsync(database, "hidden", "hidden", disableLogging: true);
        await AddProviderAsync(database, "p1", "provider one");
        var random = new Random(15);
        var rows = new List<RequestRow>();
        string?[] keys = [null, "k1", "k2", "hidden"];
        for (var i = 0; i < 2_000; i++)
        {
            rows.Add(new RequestRow(
                $"r-{i:D5}", keys[random.Next(keys.Length)], random.Next(3) == 0 ? null : "p1", random.Next(2) == 0 ? "gpt" : "claude",
                random.Next(0, 4000), random.Next(0, 2000), random.Next(0, 50), random.Next(10) == 0 ? "error" : "success",
                random.Next(20) == 0 ? null : random.Next(1, 20_000), random.Next(15) == 0,
                Cutoff - (3 * Day) + (long)(random.NextDouble() * 6 * Day)));
        }

        foreach (var chunk in rows.Chunk(250))
        {
            await InsertBatchAsync(database, chunk);
        }

        // Windows across the floor: whole-hour starts below it, any end above it (and one wholly below it).
        var windows = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var i = 0; i < 12; i++)
        {
            var from = Cutoff - ((1 + random.Next(60)) * Hour);
            var to = Cutoff + random.Next(1, 70 * 60) * 60_000L + random.Next(60_000);
            windows.Add((DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to)));
        }

        windows.Add((DateTimeOffset.FromUnixTimeMilliseconds(Cutoff - (10 * Hour)), DateTimeOffset.FromUnixTimeMilliseconds(Cutoff - (2 * Hour) - 1)));
        var queries = new List<Func<IApiRequestStatistics, Task<string>>>();
        foreach (var (from, to) in windows)
        {
            queries.Add(async s => (await s.GetStatsAsync(new StatsQuery(from, to))).ToString());
            queries.Add(async s => (await s.GetStatsAsync(new StatsQuery(from, to, "k1"))).ToString());
            queries.Add(async s => (await s.GetStatsAsync(new StatsQuery(from, to, ProviderId: "p1", Model: "gpt"))).ToString());
            queries.Add(async s => Describe(await s.GetTrendAsync(new TrendQuery(from, to, TrendInterval.Hour))));
            queries.Add(async s => Describe(await s.GetTrendAsync(new TrendQuery(from, to, TrendInterval.Day, Model: "claude"))));
            queries.Add(async s => string.Join("\n", await s.GetModelStatsAsync(from, to)));
        }

        // A window whose start falls inside an hour below the floor counts that hour whole after the purge.
        var midHour = DateTimeOffset.FromUnixTimeMilliseconds(Cutoff - (5 * Hour) + 1_234_567);
        var toAbove = DateTimeOffset.FromUnixTimeMilliseconds(Cutoff + (3 * Hour) + 17);
        await using var harness = new RetentionHarness(database, Now, r => (r.RowDays, r.ChunkRows, r.ChunkPause) = (30, 300, TimeSpan.Zero));
        await using var rawOnly = new RetentionHarness(database, Now, _ => { }, useRollup: false);
        var before = await Task.WhenAll(queries.Select(q => q(rawOnly.Statistics)));
        var widenedBefore = (await rawOnly.Statistics.GetStatsAsync(new StatsQuery(DateTimeOffset.FromUnixTimeMilliseconds(Cutoff - (5 * Hour)), toAbove))).TotalRequests;
        var deleted = (await harness.Retention.RunOnceAsync(CancellationToken.None)).RowsDeleted;
        Assert.That(deleted, Is.EqualTo(rows.Count(r => r.CreatedAt < Cutoff)).And.GreaterThan(0));

        for (var i = 0; i < queries.Count; i++)
        {
            Assert.That(await queries[i](harness.Statistics), Is.EqualTo(before[i]), $"query {i} through the rollup");
            Assert.That(await queries[i](rawOnly.Statistics), Is.EqualTo(before[i]), $"query {i} with UseHourlyRollup off");
        }

        Assert.That((await harness.Statistics.GetStatsAsync(new StatsQuery(midHour, toAbove))).TotalRequests, Is.EqualTo(widenedBefore));
        var samples = await harness.Statistics.GetModelResponseTimeStatsAsync(Now.AddDays(-40), Now);
        Assert.That(samples.Select(s => s.CreatedAt.ToUnixTimeMilliseconds()), Is.All.GreaterThanOrEqualTo(Cutoff), "raw reads start at the floor");
    }

    private static RequestRow Row(string id, long createdAt)
        => new(id, null, null, "m", 10, 5, 0, "success", 100, false, createdAt);

    private static async Task<List<string>> IdsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT id FROM api_requests", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static string Describe(ApiRequestTrend trend)
        => string.Join("\n", trend.Series.SelectMany(s => s.Points.Select(p => $"{s.VirtualKeyId}|{s.VirtualKeyName}|{p}")));
}
