using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Repositories;
using GatewayPersistence.Retention;
using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using GatewayPersistence.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Lifecycle benchmark (issue 15): on the query benchmark's data set (N rows over 30 days, <see cref="QueryBenchmarkData"/>),
/// in database <c>gw_bench_lifecycle_N</c>:
/// <list type="bullet">
/// <item>listing: page 1 with its total, a page 100,000 rows deep by cursor and by offset, and the same with a key
/// filter and a status filter (their depth capped at half their rows), each beside the naive <c>COUNT</c> +
/// <c>OFFSET</c> of the earlier repository, medians in one run;</item>
/// <item>retention: the pipeline's rows/s alone, then while retention deletes the oldest 30% of the rows, then while a
/// naive single <c>DELETE … WHERE created_at &lt; ?</c> deletes the same rows (restored in between);</item>
/// <item>sizes: data and index bytes per row of <c>api_requests</c> and the rollups, for docs/capacity.md.</item>
/// </list>
/// The data set is restored at the end (purged rows re-inserted, ingested rows deleted, their rollup hours rebuilt), so
/// the next run of the same size reuses it.
/// </summary>
internal static class LifecycleBenchmark
{
    private const int DefaultRows = 1_000_000;
    private const int PageSize = 50;
    private const int Depth = 100_000;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var rows = arguments.Rows ?? DefaultRows;
        var runs = arguments.PositiveInt("--runs") ?? 11;
        var naiveRuns = arguments.PositiveInt("--naive-runs") ?? 3;
        var ingestSeconds = arguments.PositiveInt("--ingest-seconds") ?? 60;
        var warmUpSeconds = arguments.PositiveInt("--warm-up-seconds") ?? 60;
        var database = $"gw_bench_lifecycle_{rows}";
        var admin = new MySqlConnectionStringBuilder(arguments.ConnectionString) { Database = "" }.ConnectionString;
        var connectionString = new MySqlConnectionStringBuilder(arguments.ConnectionString)
        {
            Database = database, AllowLoadLocalInfile = true, DefaultCommandTimeout = 0,
        }.ConnectionString;
        var contextOptions = GatewayDbContextOptionsFactory.Create(connectionString, ServerVersion.AutoDetect(admin));
        var factory = new PooledDbContextFactory<GatewayDbContext>(contextOptions);
        await PrepareAsync(admin, connectionString, database, rows, factory);

        var loadAtStart = LoadAverage.OneMinute();
        if (arguments.Flag("--retention-only"))
        {
            // Tuning the chunking: the chunked purge beside ingest alone, no listing, no naive DELETE, no JSON.
            var started = DateTimeOffset.UtcNow;
            await LifecycleRetention.RunAsync(connectionString, factory, ingestSeconds, warmUpSeconds, LifecycleRetention.RetentionSettings(arguments), naiveDelete: false);
            await LifecycleRetention.RestoreDataSetAsync(connectionString, factory, started);
            return 0;
        }

        Console.Error.WriteLine("listing");
        var listing = await ListingAsync(factory, runs, naiveRuns);
        Console.Error.WriteLine("sizes");
        var sizes = await SizesAsync(connectionString, database);

        Console.Error.WriteLine("retention");
        var ingestStart = DateTimeOffset.UtcNow;
        var retention = await LifecycleRetention.RunAsync(connectionString, factory, ingestSeconds, warmUpSeconds, LifecycleRetention.RetentionSettings(arguments), naiveDelete: true);

        PrintTable(rows, runs, naiveRuns, listing, retention, sizes);
        var values = new Dictionary<string, object?> { ["rows"] = rows, ["runs"] = runs, ["naive_runs"] = naiveRuns };
        foreach (var (name, value) in listing.Values)
        {
            values[name] = Math.Round(value, 2);
        }

        foreach (var (name, value) in retention)
        {
            values[name] = Math.Round(value, 2);
        }

        values["sizes"] = sizes;
        values["load_1m_start"] = loadAtStart;
        values["load_1m_end"] = LoadAverage.OneMinute();
        Directory.CreateDirectory(arguments.OutputDirectory);
        var json = JsonSerializer.Serialize(values, JsonOptions);
        foreach (var name in new[] { "lifecycle.json", $"lifecycle-{rows}.json" })
        {
            var path = Path.Combine(arguments.OutputDirectory, name);
            await File.WriteAllTextAsync(path, json);
            Console.WriteLine($"wrote {path}");
        }

        await LifecycleRetention.RestoreDataSetAsync(connectionString, factory, ingestStart);
        return listing.SameRows ? 0 : 1;
    }

    private sealed record ListingResult(Dictionary<string, double> Values, bool SameRows);

    private static async Task<ListingResult> ListingAsync(IDbContextFactory<GatewayDbContext> factory, int runs, int naiveRuns)
    {
        var repository = new ApiRequestRepository(factory, new FixedClock(QueryBenchmarkData.Now), NullLogger<ApiRequestRepository>.Instance);
        var values = new Dictionary<string, double>();
        var same = true;
        var cases = new (string Prefix, ApiRequestQuery Query)[]
        {
            ("", new ApiRequestQuery { Limit = PageSize }),
            ("key_", new ApiRequestQuery { Limit = PageSize, VirtualKeyId = "key-3" }),
            ("status_", new ApiRequestQuery { Limit = PageSize, Status = "error" }),
        };
        foreach (var (prefix, query) in cases)
        {
            var total = (await repository.GetAllAsync(query)).Total;
            var naiveFirst = await NaiveAsync(factory, query, 0);
            same &= naiveFirst.Total == total;
            var depth = (int)Math.Min(Depth, total / 2);
            var deepRow = (await NaiveAsync(factory, query, depth - 1)).Items[0];
            var cursor = new ApiRequestCursor(deepRow.CreatedAt.ToUnixTimeMilliseconds(), deepRow.Id).Encode();
            var deepByCursor = await repository.GetAllAsync(query with { Cursor = cursor });
            var deepByOffset = await NaiveAsync(factory, query, depth);
            same &= deepByCursor.Items.Select(r => r.Id).SequenceEqual(deepByOffset.Items.Select(r => r.Id));

            values[prefix + "total"] = total;
            values[prefix + "deep_rows"] = depth;
            values[prefix + "page1_total_ms"] = await MedianAsync(() => repository.GetAllAsync(query), runs, warmUps: 20);
            values[prefix + "cursor_deep_ms"] = await MedianAsync(() => repository.GetAllAsync(query with { Cursor = cursor }), runs, warmUps: 20);
            values[prefix + "offset_deep_ms"] = await MedianAsync(() => repository.GetAllAsync(query with { Offset = depth }), naiveRuns, warmUps: 1);
            values[prefix + "naive_page1_total_ms"] = await MedianAsync(() => NaiveAsync(factory, query, 0), naiveRuns, warmUps: 1);
            values[prefix + "naive_offset_deep_ms"] = await MedianAsync(() => NaiveAsync(factory, query, depth), naiveRuns, warmUps: 0);
            Console.Error.WriteLine(FormattableString.Invariant(
                $"  {(prefix.Length == 0 ? "all" : prefix.TrimEnd('_'))}: page 1 + total {values[prefix + "page1_total_ms"]:F1} ms (naive {values[prefix + "naive_page1_total_ms"]:F1}), {depth:N0} deep: cursor {values[prefix + "cursor_deep_ms"]:F1} ms, offset {values[prefix + "offset_deep_ms"]:F1} ms (naive {values[prefix + "naive_offset_deep_ms"]:F1})"));
        }

        // The cost of a raw edge read: a 24-hour total with two half-hour edges read raw, beside the same window in whole hours.
        var now = QueryBenchmarkData.Now;
        var wholeHours = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        values["total_whole_hours_24h_ms"] = await MedianAsync(
            () => repository.GetAllAsync(new ApiRequestQuery { Limit = 1, Since = wholeHours.AddHours(-24), Until = wholeHours.AddMilliseconds(-1) }), runs, 20);
        values["total_edges_24h_ms"] = await MedianAsync(
            () => repository.GetAllAsync(new ApiRequestQuery { Limit = 1, Since = wholeHours.AddHours(-24).AddMinutes(30), Until = wholeHours.AddMinutes(-30) }), runs, 20);
        return new ListingResult(values, same);
    }

    /// <summary>The earlier repository's page: COUNT(*) of every visible row, then ORDER BY … LIMIT … OFFSET.</summary>
    private static async Task<ApiRequestPage> NaiveAsync(IDbContextFactory<GatewayDbContext> factory, ApiRequestQuery query, int offset)
    {
        await using var context = await factory.CreateDbContextAsync();
        var rows = context.ApiRequests.AsNoTracking().Where(r => !context.VirtualKeys.Any(k => k.Id == r.VirtualKeyId && k.DisableLogging));
        if (query.VirtualKeyId is { } key)
        {
            rows = rows.Where(r => r.VirtualKeyId == key);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(r => r.Status == status);
        }

        var total = await rows.LongCountAsync();
        var items = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(offset).Take(query.Limit).ToListAsync();
        return new ApiRequestPage(items, total, (offset / query.Limit) + 1, query.Limit, (int)((total + query.Limit - 1) / query.Limit));
    }

    private static async Task<Dictionary<string, object>> SizesAsync(string connectionString, string database)
    {
        await ExecuteAsync(connectionString, "ANALYZE TABLE api_requests, api_request_hourly_rollups, api_request_key_hourly_rollups");
        var sizes = new Dictionary<string, object>();
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "api_requests", "api_request_hourly_rollups", "api_request_key_hourly_rollups" })
        {
            var count = await CountAsync(connectionString, $"SELECT COUNT(*) FROM {table}");
            await using var command = new MySqlCommand(
                "SELECT DATA_LENGTH, INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table", connection);
            command.Parameters.AddWithValue("@db", database);
            command.Parameters.AddWithValue("@table", table);
            long data = 0, index = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync())
                {
                    (data, index) = (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
                }
            }

            var indexes = new Dictionary<string, long>();
            await using (var perIndex = new MySqlCommand(
                "SELECT index_name, stat_value * @@innodb_page_size FROM mysql.innodb_index_stats WHERE database_name = @db AND table_name = @table AND stat_name = 'size'",
                connection))
            {
                perIndex.Parameters.AddWithValue("@db", database);
                perIndex.Parameters.AddWithValue("@table", table);
                await using var reader = await perIndex.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    indexes[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }

            sizes[table] = new
            {
                rows = count,
                data_bytes = data,
                index_bytes = index,
                data_bytes_per_row = count == 0 ? 0 : Math.Round((double)data / count, 1),
                index_bytes_per_row = count == 0 ? 0 : Math.Round((double)index / count, 1),
                index_bytes_by_index = indexes,
            };
        }

        return sizes;
    }

    private static async Task PrepareAsync(string admin, string connectionString, string database, int rows, IDbContextFactory<GatewayDbContext> factory)
    {
        await using (var connection = new MySqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var exists = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME = 'api_request_hourly_rollups'", connection);
            exists.Parameters.AddWithValue("@db", database);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1)
            {
                await using (var context = await factory.CreateDbContextAsync())
                {
                    await context.Database.MigrateAsync();
                }

                // What an interrupted run left: its purged rows (put back), the floor, the rows it ingested and their rollup hours.
                await LifecycleRetention.RecoverInterruptedAsync(connectionString);
                if (await CountAsync(connectionString, "SELECT COALESCE(SUM(request_count), 0) FROM api_request_key_hourly_rollups") != rows)
                {
                    await BackfillAsync(factory, QueryBenchmarkData.Now.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
                }

                if (await CountAsync(connectionString, "SELECT COUNT(*) FROM api_requests") == rows
                    && await CountAsync(connectionString, "SELECT COALESCE(SUM(request_count), 0) FROM api_request_key_hourly_rollups") == rows)
                {
                    var waited = await ServerQuiesce.WaitForPurgeAsync(connectionString);
                    Console.Error.WriteLine($"reusing {database} ({rows:N0} rows, rollups built; the server's purge caught up after {waited.TotalSeconds:F0} s)");
                    return;
                }
            }

            Console.Error.WriteLine($"creating {database} with {rows:N0} rows over 30 days");
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await drop.ExecuteNonQueryAsync();
        }

        await using (var context = await factory.CreateDbContextAsync())
        {
            await context.Database.MigrateAsync();
        }

        await using (var connection = new MySqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await QueryBenchmarkData.SeedKeysAndProvidersAsync(connection);
            await QueryBenchmarkData.LoadRequestsAsync(connection, rows);
        }

        await BackfillAsync(factory, null, null);
        await ExecuteAsync(connectionString, "ANALYZE TABLE api_requests, api_request_hourly_rollups, api_request_key_hourly_rollups, virtual_keys, providers");
    }

    internal static async Task BackfillAsync(IDbContextFactory<GatewayDbContext> factory, DateTimeOffset? from, DateTimeOffset? until)
    {
        var options = new GatewayPersistenceOptions { Statistics = new StatisticsOptions { BackfillChunkHours = 24 } };
        var result = await ApiRequestRollupBackfill.Create(factory, options).BackfillAsync(from, until);
        Console.Error.WriteLine($"  rollups rebuilt: {result.HoursProcessed} hours, {result.RowsProcessed:N0} rows");
    }

    private static void PrintTable(int rows, int runs, int naiveRuns, ListingResult listing, Dictionary<string, double> retention, Dictionary<string, object> sizes)
    {
        var v = listing.Values;
        Console.WriteLine();
        Console.WriteLine($"Lifecycle benchmark: {rows:N0} rows over 30 days; medians of {runs} runs (naive and offset: {naiveRuns}); 1-minute load average {LoadAverage.Format(LoadAverage.OneMinute())} at the end");
        Console.WriteLine();
        Console.WriteLine("| listing (50 rows)          | ours ms | naive ms | naive / ours |");
        Console.WriteLine("|----------------------------|--------:|---------:|-------------:|");
        foreach (var (prefix, label) in new[] { ("", "all rows"), ("key_", "key filter"), ("status_", "status=error") })
        {
            void Row(string name, double ours, double naive)
                => Console.WriteLine(FormattableString.Invariant($"| {name,-26} | {ours,7:F1} | {naive,8:F1} | {naive / ours,11:F1}x |"));
            Row($"{label}: page 1 + total", v[prefix + "page1_total_ms"], v[prefix + "naive_page1_total_ms"]);
            Row($"{label}: {v[prefix + "deep_rows"]:N0} deep, cursor", v[prefix + "cursor_deep_ms"], v[prefix + "naive_offset_deep_ms"]);
            Row($"{label}: {v[prefix + "deep_rows"]:N0} deep, offset", v[prefix + "offset_deep_ms"], v[prefix + "naive_offset_deep_ms"]);
        }

        Console.WriteLine(FormattableString.Invariant(
            $"total over 24 h: whole hours {v["total_whole_hours_24h_ms"]:F1} ms, with two half-hour raw edges {v["total_edges_24h_ms"]:F1} ms"));
        Console.WriteLine();
        var alone = retention["ingest_rows_per_s"];
        Console.WriteLine("| retention (oldest 30%)             | value      | vs ingest alone |");
        Console.WriteLine("|------------------------------------|-----------:|----------------:|");
        Console.WriteLine(FormattableString.Invariant($"| ingest alone, rows/s (mean of {retention["ingest_alone_before_rows_per_s"]:N0} before and {retention["ingest_alone_after_rows_per_s"]:N0} after, {retention["ingest_alone_s"]:F0} s each) | {alone,10:N0} |           1.00x |"));
        Console.WriteLine(FormattableString.Invariant($"| ingest during chunked purge, rows/s | {retention["ingest_during_purge_rows_per_s"],9:N0} | {retention["ingest_during_purge_rows_per_s"] / alone,14:F2}x |"));
        Console.WriteLine(FormattableString.Invariant($"| chunked purge, rows/s ({retention["purge_rows_deleted"]:N0} of {retention["purge_rows"]:N0} rows; {retention["chunk_rows"]:N0}/chunk, pause {retention["chunk_pause_factor"]:F1}x) | {retention["purge_rows_per_s"],10:N0} | ({retention["purge_seconds"]:F1} s) |"));
        Console.WriteLine(FormattableString.Invariant($"| naive single DELETE, seconds       | {retention["naive_delete_s"],10:F1} | {(retention["naive_delete_failed"] > 0 ? "deadlock victim" : ""),15} |"));
        Console.WriteLine(FormattableString.Invariant($"| ingest during naive DELETE, rows/s | {retention["naive_delete_ingest_rows_per_s"],10:N0} | {retention["naive_delete_ingest_rows_per_s"] / alone,14:F2}x |"));
        var ratio = retention["ingest_during_purge_rows_per_s"] / alone;
        Console.WriteLine(FormattableString.Invariant(
            $"Targets: page 1 with total and cursor pages < 50 ms -> {Math.Max(v["page1_total_ms"], v["cursor_deep_ms"]):F1} ms; ingest during purge >= 0.8 x alone -> {ratio:F2} {(ratio >= 0.8 ? "met" : "NOT met")}"));
        Console.WriteLine();
        Console.WriteLine("sizes: " + JsonSerializer.Serialize(sizes));
        if (!listing.SameRows)
        {
            Console.WriteLine("LISTING MISMATCH: a total or a deep page differs from the naive query's");
        }
    }

    private static async Task<double> MedianAsync<T>(Func<Task<T>> run, int runs, int warmUps)
    {
        for (var i = 0; i < warmUps; i++)
        {
            await run();
        }

        var timings = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await run();
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        return runs % 2 == 1 ? timings[runs / 2] : (timings[(runs / 2) - 1] + timings[runs / 2]) / 2;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
