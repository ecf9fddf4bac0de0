using GatewayPersistence.Rollups;
using GatewayPersistence.Sql;
using System.Diagnostics;
using System.Text.Json;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Query benchmark (issue: statistics): the same statistics read by a raw scan of <c>api_requests</c> (the baseline)
/// and through the hourly rollup, over N rows spread across 30 days; median of 20 runs each, in one process.
/// The data set is kept in database <c>gw_bench_queries_N</c> and reused by later runs of the same size.
/// </summary>
internal static class QueryBenchmark
{
    private const int DefaultRows = 1_000_000;

    // The rollup queries take tens of milliseconds, so the JIT's tier-up (a method is recompiled optimized after ~30
    // calls) shows in the first runs; a gateway answering dashboards runs the optimized code. The raw scans take
    // seconds, dominated by the server: one warm-up (buffer pool) is enough.
    private const int RollupWarmUps = 40;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var rows = arguments.Rows ?? DefaultRows;
        var runs = arguments.PositiveInt("--runs") ?? 20;
        // The raw scans are the baseline; at 10M rows one takes minutes, so the large run may time fewer of them.
        var rawRuns = arguments.PositiveInt("--raw-runs") ?? runs;
        var database = $"gw_bench_queries_{rows}";
        var serverConnectionString = new MySqlConnectionStringBuilder(arguments.ConnectionString) { Database = "" }.ConnectionString;
        var connectionString = new MySqlConnectionStringBuilder(arguments.ConnectionString)
        {
            Database = database, AllowLoadLocalInfile = true, DefaultCommandTimeout = 0,
        }.ConnectionString;

        var contextOptions = GatewayDbContextOptionsFactory.Create(connectionString, ServerVersion.AutoDetect(serverConnectionString));
        var factory = new PooledDbContextFactory<GatewayDbContext>(contextOptions);
        var (loadSeconds, backfill) = await PrepareAsync(serverConnectionString, connectionString, database, rows, factory);

        var clock = new FixedClock(QueryBenchmarkData.Now);
        var raw = Statistics(factory, clock, useRollup: false);
        var rollup = Statistics(factory, clock, useRollup: true);
        var now = QueryBenchmarkData.Now;
        var queries = new (string Name, Func<IApiRequestStatistics, Task<object>> Run)[]
        {
            ("stats_24h", async s => await s.GetStatsAsync(new StatsQuery())),
            ("trend_30d_hourly", async s => await s.GetTrendAsync(new TrendQuery(now.AddDays(-30), now, TrendInterval.Hour))),
            ("trend_30d_daily", async s => await s.GetTrendAsync(new TrendQuery(now.AddDays(-30), now, TrendInterval.Day))),
            ("model_stats_7d", async s => await s.GetModelStatsAsync(now.AddDays(-7), now)),
        };

        if (Environment.GetCommandLineArgs().Contains("--rollup-only"))
        {
            // For working on the rollup queries: no baseline, no comparison, nothing written.
            foreach (var (name, run) in queries)
            {
                Console.WriteLine($"  {name}: rollup {await MedianAsync(() => run(rollup), runs, RollupWarmUps):F1} ms");
            }

            return 0;
        }

        var results = new List<QueryResult>();
        foreach (var (name, run) in queries)
        {
            // Answers are compared once, outside the timed runs.
            var sameAnswer = Describe(await run(raw)) == Describe(await run(rollup));
            var rawMs = await MedianAsync(() => run(raw), rawRuns, warmUps: 1);
            var rollupMs = await MedianAsync(() => run(rollup), runs, RollupWarmUps);
            results.Add(new QueryResult(name, rawMs, rollupMs, sameAnswer));
            Console.Error.WriteLine($"  {name}: raw {rawMs:F1} ms, rollup {rollupMs:F1} ms");
        }

        PrintTable(rows, runs, rawRuns, loadSeconds, backfill, results);
        Directory.CreateDirectory(arguments.OutputDirectory);
        var json = JsonSerializer.Serialize(new
        {
            rows,
            runs,
            raw_runs = rawRuns,
            now = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            backfill = backfill is null ? null : new { hours = backfill.Hours, rows = backfill.Rows, seconds = backfill.Seconds },
            queries = results.ToDictionary(r => r.Name, r => new { raw_ms = Math.Round(r.RawMs, 2), rollup_ms = Math.Round(r.RollupMs, 2), same_answer = r.SameAnswer }),
        }, JsonOptions);
        // queries.json is the latest run; queries-N.json keeps each size, so the 1M and 10M results sit side by side.
        foreach (var name in new[] { "queries.json", $"queries-{rows}.json" })
        {
            var path = Path.Combine(arguments.OutputDirectory, name);
            await File.WriteAllTextAsync(path, json);
            Console.WriteLine($"wrote {path}");
        }
        return results.All(r => r.SameAnswer) ? 0 : 1;
    }

    private static async Task<(double? LoadSeconds, BackfillTiming? Backfill)> PrepareAsync(
        string adminConnectionString, string connectionString, string database, int rows, IDbContextFactory<GatewayDbContext> factory)
    {
        await using (var admin = new MySqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var exists = new MySqlCommand("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME = 'api_request_hourly_rollups'", admin);
            exists.Parameters.AddWithValue("@db", database);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 1
                && await CountAsync(connectionString, "SELECT COUNT(*) FROM api_requests") == rows)
            {
                // A data set of an earlier schema: apply newer migrations (e.g. a new rollup) and rebuild the rollups once.
                await using (var context = await factory.CreateDbContextAsync())
                {
                    await context.Database.MigrateAsync();
                }

                if (await CountAsync(connectionString, "SELECT COALESCE(SUM(request_count), 0) FROM api_request_hourly_rollups") == rows
                    && await CountAsync(connectionString, "SELECT COALESCE(SUM(request_count), 0) FROM api_request_key_hourly_rollups") == rows)
                {
                    Console.Error.WriteLine($"reusing {database} ({rows:N0} rows, rollups built)");
                    return (null, null);
                }

                Console.Error.WriteLine($"reusing {database} ({rows:N0} rows), rebuilding the rollups");
                return (null, await BackfillAsync(connectionString, factory));
            }

            Console.Error.WriteLine($"creating {database} with {rows:N0} rows over 30 days");
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", admin);
            await drop.ExecuteNonQueryAsync();
        }

        await using (var context = await factory.CreateDbContextAsync())
        {
            await context.Database.MigrateAsync();
        }

        double loadSeconds;
        await using (var connection = new MySqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await QueryBenchmarkData.SeedKeysAndProvidersAsync(connection);
            loadSeconds = await QueryBenchmarkData.LoadRequestsAsync(connection, rows);
        }

        return (loadSeconds, await BackfillAsync(connectionString, factory));
    }

    private static async Task<BackfillTiming> BackfillAsync(string connectionString, IDbContextFactory<GatewayDbContext> factory)
    {
        var options = new GatewayPersistenceOptions { Statistics = new StatisticsOptions { BackfillChunkHours = 24 } };
        var stopwatch = Stopwatch.StartNew();
        var result = await ApiRequestRollupBackfill.Create(factory, options).BackfillAsync(null, null);
        var backfill = new BackfillTiming(result.HoursProcessed, result.RowsProcessed, Math.Round(stopwatch.Elapsed.TotalSeconds, 1));
        Console.Error.WriteLine($"  backfill: {backfill.Hours} hours, {backfill.Rows:N0} rows in {backfill.Seconds} s");
        await CountAsync(connectionString, "ANALYZE TABLE api_requests, api_request_hourly_rollups, api_request_key_hourly_rollups, virtual_keys, providers");
        return backfill;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() && reader.GetFieldType(0) != typeof(string) ? Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static ApiRequestStatistics Statistics(IDbContextFactory<GatewayDbContext> factory, TimeProvider clock, bool useRollup)
        => new(GatewayReadContextFactory.PrimaryOnly(factory), new SqlModel(factory), Options.Create(new GatewayPersistenceOptions { Statistics = new StatisticsOptions { UseHourlyRollup = useRollup } }), clock);

    private static async Task<double> MedianAsync(Func<Task<object>> run, int runs, int warmUps)
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

    private static string Describe(object answer) => answer switch
    {
        ApiRequestTrend trend => string.Join("\n", trend.Series.SelectMany(s => s.Points.Select(p => $"{s.VirtualKeyId}|{s.VirtualKeyName}|{p}"))),
        IEnumerable<ModelUsageStats> models => string.Join("\n", models),
        _ => answer.ToString() ?? "",
    };

    private static void PrintTable(int rows, int runs, int rawRuns, double? loadSeconds, BackfillTiming? backfill, List<QueryResult> results)
    {
        Console.WriteLine();
        Console.WriteLine(rawRuns == runs
            ? $"Query benchmark: {rows:N0} rows over 30 days, median of {runs} runs"
            : $"Query benchmark: {rows:N0} rows over 30 days, median of {runs} runs (raw scans: {rawRuns} runs)");
        if (loadSeconds is { } seconds && backfill is not null)
        {
            Console.WriteLine($"(generated with MySqlBulkCopy in {seconds:F0} s; rollup backfill {backfill.Hours} hours in {backfill.Seconds} s)");
        }
        else if (backfill is not null)
        {
            Console.WriteLine($"(reused data set; rollup backfill {backfill.Hours} hours in {backfill.Seconds} s)");
        }

        Console.WriteLine();
        Console.WriteLine("| query              | raw scan ms | rollup ms | raw / rollup | same answer |");
        Console.WriteLine("|--------------------|------------:|----------:|-------------:|:-----------:|");
        foreach (var result in results)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"| {result.Name,-18} | {result.RawMs,11:F1} | {result.RollupMs,9:F1} | {result.RawMs / result.RollupMs,11:F1}x | {(result.SameAnswer ? "yes" : "NO"),-11} |"));
        }
    }

    private sealed record QueryResult(string Name, double RawMs, double RollupMs, bool SameAnswer);

    private sealed record BackfillTiming(long Hours, long Rows, double Seconds);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
