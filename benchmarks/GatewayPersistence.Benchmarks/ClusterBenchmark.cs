using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The request log on a three-node Galera cluster (scripts/cluster.sh): one pipeline writing to one node against three
/// pipelines writing to three nodes at once, on the same ~3 KB rows, all in the current hour so that every batch of every
/// writer adds to the same rollup rows (the hot rows certification must order). Two phases per setup: a burst (rows/s,
/// first Enqueue to last commit) and a paced load at half the one-node rate (p99 from Enqueue to commit). Rows and both
/// rollups are checked exact after each phase. <c>--connection</c> holds the three nodes' admin connection strings
/// separated by <c>|</c>; <c>--rows</c> is the burst per pipeline (default 20,000); <c>--seconds</c> the paced span.
/// </summary>
internal static class ClusterBenchmark
{
    private const string Database = "gw_bench_cluster";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var nodes = arguments.ConnectionString.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (nodes.Length < 3)
        {
            Console.Error.WriteLine("cluster: --connection needs three node connection strings separated by '|' (scripts/bench.sh cluster passes them)");
            return 2;
        }

        var rows = arguments.Rows ?? 20_000;
        var seconds = arguments.PositiveInt("--seconds") ?? 20;
        var connections = nodes.Select(node => new MySqlConnectionStringBuilder(node) { Database = Database }.ConnectionString).ToArray();
        await RecreateAsync(nodes[0], connections[0]);

        var one = await MeasureAsync("1 pipeline → node 1", connections[..1], rows, seconds, pacedRate: null);
        var three = await MeasureAsync("3 pipelines → nodes 1,2,3", connections, rows, seconds, pacedRate: one.BurstRowsPerSecond / 2 / 3);
        var onePaced = await PacedOnlyAsync("1 pipeline → node 1 (paced)", connections[..1], seconds, one.BurstRowsPerSecond / 2);

        Console.WriteLine();
        Console.WriteLine("| setup | burst rows/s | conflict retries / 1,000 rows | paced rows/s offered | p50 / p99 Enqueue→commit (ms) | load 1m before → after |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var run in new[] { one with { Paced = onePaced.Paced }, three })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Setup} | {run.BurstRowsPerSecond:N0} | {run.ConflictRetriesPer1000:N2} | {run.Paced?.OfferedRowsPerSecond:N0} | {run.Paced?.P50Ms:N1} / {run.Paced?.P99Ms:N1} | {run.LoadBefore:N2} → {run.LoadAfter:N2} |"));
        }

        var ratio = three.BurstRowsPerSecond / one.BurstRowsPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"three nodes / one node: {ratio:N2}× (rows/s); every row exactly once and rollups exact after each phase"));
        Directory.CreateDirectory(arguments.OutputDirectory);
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["rows_per_pipeline"] = rows,
            ["paced_seconds"] = seconds,
            ["one_node"] = one with { Paced = onePaced.Paced },
            ["three_nodes"] = three,
            ["three_over_one_rows_per_s"] = Math.Round(ratio, 3),
            ["machine"] = $"{Environment.ProcessorCount} cores; Galera nodes share them with the benchmark",
        }, Json);
        var path = Path.Combine(arguments.OutputDirectory, "cluster.json");
        await File.WriteAllTextAsync(path, json);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static async Task<ClusterRun> MeasureAsync(string setup, string[] connections, int rows, int seconds, double? pacedRate)
    {
        var loadBefore = LoadAverage();
        await using var pipelines = await Pipelines.StartAsync(connections);
        var now = DateTimeOffset.UtcNow;
        var data = connections.Select((_, i) => IngestData.Generate(rows, seed: 100 + i).Select(r => r with { CreatedAt = now }).ToList()).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(pipelines.Logs.Select((log, i) => Task.Run(async () =>
        {
            foreach (var record in data[i])
            {
                log.Enqueue(record);
            }

            await log.FlushAsync(CancellationToken.None);
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var burstRows = rows * connections.Length;
        await VerifyAsync(connections[^1], burstRows);
        var conflicts = pipelines.ConflictRetries;
        Console.Error.WriteLine($"  {setup}: burst {burstRows:N0} rows in {elapsed.TotalSeconds:N1} s, {conflicts} conflict retries");

        Paced? paced = null;
        if (pacedRate is { } rate)
        {
            paced = await pipelines.PacedAsync(rate, seconds);
            await VerifyAsync(connections[^1], burstRows + paced.Rows);
        }

        await TruncateAsync(connections[0]);
        return new ClusterRun(setup, Math.Round(burstRows / elapsed.TotalSeconds), Math.Round(conflicts * 1000.0 / burstRows, 3), paced, loadBefore, LoadAverage());
    }

    private static async Task<ClusterRun> PacedOnlyAsync(string setup, string[] connections, int seconds, double rate)
    {
        await using var pipelines = await Pipelines.StartAsync(connections);
        var paced = await pipelines.PacedAsync(rate, seconds);
        await VerifyAsync(connections[^1], paced.Rows);
        await TruncateAsync(connections[0]);
        return new ClusterRun(setup, 0, 0, paced, 0, 0);
    }

    private static async Task RecreateAsync(string server, string connection)
    {
        await using (var admin = new MySqlConnection(server))
        {
            await admin.OpenAsync();
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{Database}`; CREATE DATABASE `{Database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", admin);
            await drop.ExecuteNonQueryAsync();
        }

        await GatewayDatabaseMigrator.Create(connection).MigrateAsync();
    }

    private static async Task TruncateAsync(string connection)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var truncate = new MySqlCommand("TRUNCATE api_requests; TRUNCATE api_request_hourly_rollups; TRUNCATE api_request_key_hourly_rollups", db);
        await truncate.ExecuteNonQueryAsync();
    }

    /// <summary>Every row exactly once and both rollups equal to the raw rows, read causally on <paramref name="connection"/>'s node.</summary>
    private static async Task VerifyAsync(string connection, long expected)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        async Task<long> Scalar(string sql)
        {
            await using var command = new MySqlCommand("SET SESSION wsrep_sync_wait = 1; " + sql, db);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        var stored = await Scalar("SELECT COUNT(*) FROM api_requests");
        var distinct = await Scalar("SELECT COUNT(DISTINCT id) FROM api_requests");
        var hourly = await Scalar("SELECT COALESCE(SUM(request_count), 0) FROM api_request_hourly_rollups");
        var keyHourly = await Scalar("SELECT COALESCE(SUM(request_count), 0) FROM api_request_key_hourly_rollups");
        var tokens = await Scalar("SELECT COALESCE(SUM(total_tokens), 0) FROM api_requests") - await Scalar("SELECT COALESCE(SUM(total_tokens), 0) FROM api_request_hourly_rollups");
        if (stored != expected || distinct != expected || hourly != expected || keyHourly != expected || tokens != 0)
        {
            throw new InvalidOperationException(
                $"cluster run not exact: sent {expected}, stored {stored}, distinct {distinct}, hourly rollup {hourly}, key rollup {keyHourly}, token difference {tokens}");
        }
    }

    private static double LoadAverage()
        => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    internal sealed record Paced(double OfferedRowsPerSecond, long Rows, double P50Ms, double P99Ms);

    internal sealed record ClusterRun(string Setup, double BurstRowsPerSecond, double ConflictRetriesPer1000, Paced? Paced, double LoadBefore, double LoadAfter);

    /// <summary>One started pipeline per connection string, each in its own container as separate hosts would be.</summary>
    private sealed class Pipelines : IAsyncDisposable
    {
        private readonly List<ServiceProvider> providers = [];
        private readonly List<string> directories = [];

        public List<IApiRequestLog> Logs { get; } = [];

        public long ConflictRetries => providers.Sum(p => p.GetRequiredService<RequestLogMetrics>().ConflictRetries);

        public static async Task<Pipelines> StartAsync(string[] connections)
        {
            var pipelines = new Pipelines();
            foreach (var connection in connections)
            {
                var directory = Path.Combine(Path.GetTempPath(), $"gw-bench-cluster-{Guid.NewGuid():N}");
                var services = new ServiceCollection();
                services.AddLogging();
                services.AddGatewayPersistence(options =>
                {
                    options.ConnectionString = connection;
                    options.RequestLog.JournalDirectory = Path.Combine(directory, "journal");
                    options.RequestLog.DeadLetterDirectory = Path.Combine(directory, "dead-letter");
                    options.RequestLog.MaxQueuedBytes = long.MaxValue / 4;
                });
                var provider = services.BuildServiceProvider();
                foreach (var service in provider.GetServices<IHostedService>())
                {
                    await service.StartAsync(CancellationToken.None);
                }

                var log = provider.GetRequiredService<IApiRequestLog>();
                log.Enqueue(IngestData.Generate(1, seed: 7)[0] with { Id = "warm-" + Guid.NewGuid().ToString("N")[..16] });
                await log.FlushAsync(CancellationToken.None);
                pipelines.providers.Add(provider);
                pipelines.directories.Add(directory);
                pipelines.Logs.Add(log);
            }

            // The warm-up rows are part of the data: remove them so every phase counts its own rows only.
            await TruncateAsync(connections[0]);
            return pipelines;
        }

        /// <summary>Each pipeline gets <paramref name="rowsPerSecond"/>, enqueued every 10 ms; latencies from the enqueue_to_commit histogram.</summary>
        public async Task<Paced> PacedAsync(double rowsPerSecond, int seconds)
        {
            var latencies = new ConcurrentBag<double>();
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RequestLogMetrics.MeterName && instrument.Name.EndsWith("enqueue_to_commit", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => latencies.Add(value));
            listener.Start();
            var sent = await Task.WhenAll(Logs.Select((log, i) => Task.Run(async () =>
            {
                var records = IngestData.Generate((int)(rowsPerSecond * seconds) + 1, seed: 1_000 + i);
                var clock = Stopwatch.StartNew();
                var next = 0;
                while (clock.Elapsed.TotalSeconds < seconds && next < records.Count)
                {
                    var due = (int)Math.Min(records.Count, rowsPerSecond * clock.Elapsed.TotalSeconds);
                    var now = DateTimeOffset.UtcNow;
                    for (; next < due; next++)
                    {
                        log.Enqueue(records[next] with { CreatedAt = now });
                    }

                    await Task.Delay(10);
                }

                await log.FlushAsync(CancellationToken.None);
                return next;
            })));
            var sorted = latencies.Order().ToArray();
            double Percentile(double p) => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))] * 1000, 1);
            var rows = sent.Sum();
            Console.Error.WriteLine($"  paced {rowsPerSecond * Logs.Count:N0} rows/s for {seconds} s: {rows:N0} rows, {sorted.Length:N0} latencies");
            return new Paced(Math.Round(rowsPerSecond * Logs.Count), rows, Percentile(0.50), Percentile(0.99));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var provider in providers)
            {
                foreach (var service in provider.GetServices<IHostedService>().Reverse())
                {
                    await service.StopAsync(CancellationToken.None);
                }

                await provider.DisposeAsync();
            }

            foreach (var directory in directories)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
