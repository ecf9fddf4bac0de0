using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Ingest benchmark: on the same generated rows, in one run, plain EF Core, the server's own LOAD DATA (the mariadb
/// client) and raw MySqlBulkCopy each with 1, 2 and 4 concurrent writers, the pipeline end to end with
/// MaxConcurrentBatches 1, 2 and 4 (one of them its default), the pipeline with its rollups off, where the pipeline's
/// transaction time goes (<see cref="StatementTimer"/>), and the cost of one Enqueue. Each figure is the best of
/// <c>--runs</c> runs (default 3), each on freshly truncated tables; every row states the 1-minute load average before
/// its first run and after its last, so a noisy run can be recognised.
/// </summary>
/// <remarks>
/// The target ratio is the pipeline with its default settings against the best raw row (server or bulk copy, at any
/// concurrency): what a hand-written loader could reach on this machine. The raw rows load into <c>api_requests</c>
/// itself, so they pay the same indexes and foreign-key constraints, but no truncation, idempotency, foreign-key
/// pre-check or rollup, and their rows are prepared before timing; the pipeline's time includes all of that.
/// </remarks>
internal static class IngestBenchmark
{
    private const string DatabaseName = "gw_bench_ingest";
    private static readonly int[] Concurrency = [1, 2, 4];
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments.ConnectionString))
        {
            Console.Error.WriteLine("ingest: --connection is required");
            return 2;
        }

        var rows = arguments.Rows ?? 100_000;
        var runs = arguments.PositiveInt("--runs") ?? 3;
        var withReferences = !arguments.Flag("--no-references");
        var maxBatchRows = arguments.PositiveInt("--max-batch-rows");
        var interleave = arguments.Flag("--interleave");
        var connectionString = new MySqlConnectionStringBuilder(arguments.ConnectionString)
        {
            Database = DatabaseName,
            AllowLoadLocalInfile = true,
            CharacterSet = "utf8mb4",
        }.ConnectionString;
        await CreateDatabaseAsync(arguments.ConnectionString, connectionString);
        var records = IngestData.Generate(rows, withReferences: withReferences);
        Console.WriteLine($"Ingest benchmark: {rows:N0} rows of ~{EstimateRowBytes(records):N0} bytes, random 21-character ids, " +
                          $"{(withReferences ? "~9 in 10 with a virtual key, all with a provider" : "no key or provider")}, best of {runs} runs" +
                          $"{(interleave ? ", interleaved (round r runs every path once; load averages around the best run)" : "")}.");
        var defaults = new RequestLogOptions();
        Console.WriteLine($"Pipeline settings: BatchSize={defaults.BatchSize}, MaxBatchRows={maxBatchRows ?? defaults.MaxBatchRows}" +
                          $"{(maxBatchRows is null ? "" : " (--max-batch-rows; NOT the default)")}, MaxBatchBytes={defaults.MaxBatchBytes:N0}, " +
                          $"default MaxConcurrentBatches={defaults.MaxConcurrentBatches}.");
        using var scenarios = new IngestScenarios(connectionString, records);

        var paths = new List<(string Name, Func<Task<IngestRun>> Run)>();
        const string EfName = "EF Core AddRange+SaveChanges (200/batch)";
        paths.Add((EfName, scenarios.EfCoreAsync));
        foreach (var clients in Concurrency)
        {
            paths.Add((ServerName(clients), () => scenarios.ServerLoadDataAsync(clients)));
        }

        foreach (var connections in Concurrency)
        {
            paths.Add((BulkName(connections), () => scenarios.BulkCopyAsync(connections)));
        }

        var batchCounts = Concurrency.Append(defaults.MaxConcurrentBatches).Distinct().Order().ToList();
        foreach (var batches in batchCounts)
        {
            paths.Add((PipelineName(batches), () => scenarios.PipelineAsync(options => Configure(options, batches))));
        }

        const string NoRollupsName = "pipeline, default, rollups off (benchmark only)";
        paths.Add((NoRollupsName, () => scenarios.PipelineAsync(options => Configure(options, defaults.MaxConcurrentBatches), withoutRollups: true)));
        if (arguments.Text("--paths") is { } only)
        {
            // An experiment: only the paths whose names contain one of the comma-separated words; no targets, no JSON.
            // --experiment-batch-rows adds the default pipeline with other MaxBatchRows (named "experiment: ..."), so
            // that they run interleaved with the default and the raw rows.
            foreach (var batchRows in arguments.PositiveInts("--experiment-batch-rows"))
            {
                paths.Add(($"experiment: pipeline x{defaults.MaxConcurrentBatches}, MaxBatchRows={batchRows}", () => scenarios.PipelineAsync(options =>
                {
                    Configure(options, defaults.MaxConcurrentBatches);
                    options.MaxBatchRows = batchRows;
                })));
            }

            var words = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            paths = paths.Where(path => words.Any(word => path.Name.Contains(word, StringComparison.OrdinalIgnoreCase))).ToList();
            var chosen = await RunPathsAsync(paths, runs, interleave, rows, scenarios);
            foreach (var result in chosen.Values)
            {
                var costs = result.Split is { } parts
                    ? $" txn {parts.TransactionSeconds:F2} s: load {parts.Share(parts.LoadSeconds):P0}, FK {parts.Share(parts.ForeignKeySeconds):P0}, rollup {parts.Share(parts.RollupSeconds):P0}, rest {parts.Share(parts.RestSeconds):P0}"
                    : "";
                Console.WriteLine($"{result.Name,-56} {result.RowsPerSecond,9:N0} rows/s, client {result.CpuMsPer1K:F1} / server {result.ServerCpuMsPer1K:F1} ms/1k{costs}");
            }

            return 0;
        }

        var results = await RunPathsAsync(paths, runs, interleave, rows, scenarios);
        var ef = results[EfName];
        var server = Concurrency.ToDictionary(clients => clients, clients => results[ServerName(clients)]);
        var bulk = Concurrency.ToDictionary(connections => connections, connections => results[BulkName(connections)]);
        var pipeline = batchCounts.ToDictionary(batches => batches, batches => results[PipelineName(batches)]);
        var noRollups = results[NoRollupsName];
        var enqueue = EnqueueHarness.Measure(records, producers: 8);
        var clientWork = scenarios.MeasureClientWork();

        var bestRaw = server.Values.Concat(bulk.Values).MaxBy(result => result.RowsPerSecond)!;
        var table = new List<IngestResult> { ef };
        table.AddRange(server.Values);
        table.AddRange(bulk.Values);
        table.AddRange(pipeline.Values);
        table.Add(noRollups);
        Console.WriteLine();
        Console.WriteLine($"{"path",-56} {"rows/s",9} {"CPU ms/1k",9} {"server",7} {"vs EF",7} {"vs best raw",11} {"load 1m before/after",21}");
        foreach (var result in table)
        {
            var cpu = result.CpuMsPer1K is { } value ? value.ToString("F1", CultureInfo.InvariantCulture) : "-";
            var serverCpu = result.ServerCpuMsPer1K is { } serverValue ? serverValue.ToString("F1", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(
                $"{result.Name,-56} {result.RowsPerSecond,9:N0} {cpu,9} {serverCpu,7} {result.RowsPerSecond / ef.RowsPerSecond,6:F2}x {result.RowsPerSecond / bestRaw.RowsPerSecond,10:F2}x " +
                $"{LoadAverage.Format(result.LoadBefore) + " / " + LoadAverage.Format(result.LoadAfter),21}");
        }

        Console.WriteLine("  CPU ms/1k = client CPU per 1,000 rows (this process; for LOAD DATA its mariadb clients); server = the server's CPU per 1,000 rows" +
                          $"{(ProcessCpu.ServerKnown ? "" : " (unknown: GATEWAY_BENCH_SERVER_PID not set)")}; both of the best run.");
        Console.WriteLine();
        Console.WriteLine("Pipeline transaction time by part (best run; connection-seconds summed over concurrent transactions, share of transaction time):");
        Console.WriteLine($"{"path",-56} {"txns",5} {"rows/txn",8} {"txn s",7} {"in flight",9} {"load",6} {"FK chk",6} {"rollup",6} {"other",6} {"rest",6}");
        foreach (var result in pipeline.Values.Append(noRollups))
        {
            var parts = result.Split!;
            Console.WriteLine(
                $"{result.Name,-56} {parts.Transactions,5} {(double)rows / Math.Max(1, parts.Transactions),8:F0} {parts.TransactionSeconds,7:F2} " +
                $"{parts.TransactionSeconds / (rows / result.RowsPerSecond),9:F2} " +
                $"{parts.Share(parts.LoadSeconds),6:P0} {parts.Share(parts.ForeignKeySeconds),6:P0} {parts.Share(parts.RollupSeconds),6:P0} " +
                $"{parts.Share(parts.OtherStatementSeconds),6:P0} {parts.Share(parts.RestSeconds),6:P0}");
        }

        Console.WriteLine("  load = LOAD DATA with its rows streamed; FK chk = the SELECT ... LOCK IN SHARE MODE per foreign key; rollup = the two upserts;");
        Console.WriteLine("  other = any other statement; rest = connection from the pool, BEGIN, COMMIT and client work between statements;");
        Console.WriteLine("  in flight = transaction seconds / wall seconds: the transactions open on average (at most MaxConcurrentBatches; what is");
        Console.WriteLine("  missing is time a writer slot spent outside a transaction: preparing its rows, waiting for the next batch).");
        Console.WriteLine();
        Console.WriteLine($"Pipeline client work besides the load, CPU ms per 1,000 rows, each step alone: row preparation {clientWork.PrepareMsPer1K:F1}, " +
                          $"distinct-id check {clientWork.DistinctIdsMsPer1K:F1}, rollup count {clientWork.RollupCountMsPer1K:F1}.");
        Console.WriteLine($"Enqueue, 8 concurrent producers: {enqueue.NanosecondsPerCall:F0} ns CPU per call, {enqueue.BytesPerCall:F1} bytes allocated per call, {enqueue.CallsPerSecond:N0} calls/s in all.");
        var pipelineDefault = pipeline[defaults.MaxConcurrentBatches];
        var targetRatio = pipelineDefault.RowsPerSecond / bestRaw.RowsPerSecond;
        var cpuVsEf = pipelineDefault.CpuMsPer1K!.Value / ef.CpuMsPer1K!.Value;
        Console.WriteLine($"Best raw: {bestRaw.Name}, {bestRaw.RowsPerSecond:N0} rows/s.");
        Console.WriteLine($"Targets: default pipeline rows/s >= 0.9 x best raw -> {targetRatio:F2} {(targetRatio >= 0.9 ? "met" : "NOT met")}{(maxBatchRows is null ? "" : " (MaxBatchRows not the default)")}; " +
                          $"pipeline CPU/row <= 0.5 x EF -> {cpuVsEf:F2} {(cpuVsEf <= 0.5 ? "met" : "NOT met")}; " +
                          $"Enqueue < 1 us -> {enqueue.NanosecondsPerCall:F0} ns {(enqueue.NanosecondsPerCall < 1_000 ? "met" : "NOT met")}");

        Directory.CreateDirectory(arguments.OutputDirectory);
        var output = Path.Combine(arguments.OutputDirectory, "ingest.json");
        var split = pipelineDefault.Split!;
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["rows"] = rows,
            ["runs"] = runs,
            ["interleaved"] = interleave,
            ["with_references"] = withReferences,
            ["pipeline_max_batch_rows"] = maxBatchRows ?? defaults.MaxBatchRows,
            ["pipeline_default_max_concurrent_batches"] = defaults.MaxConcurrentBatches,
            ["ef_rows_per_s"] = Math.Round(ef.RowsPerSecond),
            ["bulkcopy_rows_per_s"] = Math.Round(bulk[1].RowsPerSecond),
            ["server_load_data_rows_per_s"] = Math.Round(server[1].RowsPerSecond),
            ["pipeline_rows_per_s"] = Math.Round(pipelineDefault.RowsPerSecond),
            ["pipeline_serial_rows_per_s"] = Math.Round(pipeline[1].RowsPerSecond),
            ["server_load_data_rows_per_s_by_clients"] = ByKey(server),
            ["bulkcopy_rows_per_s_by_connections"] = ByKey(bulk),
            ["pipeline_rows_per_s_by_batches"] = ByKey(pipeline),
            ["pipeline_no_rollups_rows_per_s"] = Math.Round(noRollups.RowsPerSecond),
            ["best_raw_rows_per_s"] = Math.Round(bestRaw.RowsPerSecond),
            ["best_raw_path"] = bestRaw.Name,
            ["pipeline_default_vs_best_raw"] = Math.Round(targetRatio, 3),
            ["pipeline_cost_split_s"] = new Dictionary<string, object>
            {
                ["transactions"] = split.Transactions,
                ["transaction"] = Math.Round(split.TransactionSeconds, 3),
                ["in_flight"] = Math.Round(split.TransactionSeconds / (rows / pipelineDefault.RowsPerSecond), 2),
                ["load"] = Math.Round(split.LoadSeconds, 3),
                ["fk_check"] = Math.Round(split.ForeignKeySeconds, 3),
                ["rollup_upserts"] = Math.Round(split.RollupSeconds, 3),
                ["other_statements"] = Math.Round(split.OtherStatementSeconds, 3),
                ["rest"] = Math.Round(split.RestSeconds, 3),
            },
            ["client_cpu_ms_per_1k"] = table.ToDictionary(result => result.Name, result => result.CpuMsPer1K is { } value ? Math.Round(value, 2) : (double?)null),
            ["server_cpu_ms_per_1k"] = table.ToDictionary(result => result.Name, result => result.ServerCpuMsPer1K is { } value ? Math.Round(value, 2) : (double?)null),
            ["ef_cpu_ms_per_1k"] = Math.Round(ef.CpuMsPer1K!.Value, 2),
            ["pipeline_cpu_ms_per_1k"] = Math.Round(pipelineDefault.CpuMsPer1K!.Value, 2),
            ["pipeline_client_work_ms_per_1k"] = new Dictionary<string, double>
            {
                ["prepare"] = Math.Round(clientWork.PrepareMsPer1K, 2),
                ["distinct_ids"] = Math.Round(clientWork.DistinctIdsMsPer1K, 2),
                ["rollup_count"] = Math.Round(clientWork.RollupCountMsPer1K, 2),
            },
            ["enqueue_ns"] = Math.Round(enqueue.NanosecondsPerCall, 1),
            ["enqueue_alloc_bytes"] = Math.Round(enqueue.BytesPerCall, 1),
            ["load_average_1m"] = table.ToDictionary(result => result.Name, result => new[] { result.LoadBefore, result.LoadAfter }),
        }, IndentedJson));
        Console.WriteLine($"Wrote {output}");
        return 0;

        void Configure(RequestLogOptions options, int batches)
        {
            options.MaxConcurrentBatches = batches;
            if (maxBatchRows is { } value)
            {
                options.MaxBatchRows = value;
            }
        }

        string PipelineName(int batches)
            => $"pipeline, MaxConcurrentBatches={batches}{(batches == defaults.MaxConcurrentBatches ? " (default)" : "")}";
    }

    private static string ServerName(int clients) => $"server LOAD DATA LOCAL, mariadb x{clients} ({LoadDataFiles.RowsPerFile}/file)";

    private static string BulkName(int connections) => $"raw MySqlBulkCopy x{connections} ({LoadDataFiles.RowsPerFile}/batch)";

    /// <summary>
    /// Runs every path <paramref name="runs"/> times, each run on freshly truncated tables, and keeps each path's best.
    /// In order, a path's runs follow one another and its load averages are those before its first run and after its
    /// last; interleaved, round r runs every path once, so a busy spell of the machine hits every path alike, and the
    /// load averages are those around the path's best run.
    /// </summary>
    private static async Task<Dictionary<string, IngestResult>> RunPathsAsync(
        List<(string Name, Func<Task<IngestRun>> Run)> paths, int runs, bool interleave, int rows, IngestScenarios scenarios)
    {
        var best = new Dictionary<string, (IngestRun Run, double? Before, double? After)>();
        var first = new Dictionary<string, double?>();
        var last = new Dictionary<string, double?>();
        var order = interleave
            ? Enumerable.Range(0, runs).SelectMany(run => paths.Select(path => (path, run)))
            : paths.SelectMany(path => Enumerable.Range(0, runs).Select(run => (path, run)));
        foreach (var ((name, scenario), run) in order)
        {
            await scenarios.TruncateAsync();
            var rest = await scenarios.QuiesceAsync();
            var before = LoadAverage.OneMinute();
            var result = await scenario();
            var after = LoadAverage.OneMinute();
            var stored = await scenarios.CountAsync();
            if (stored != rows)
            {
                throw new InvalidOperationException($"{name}: {stored} rows stored, {rows} expected.");
            }

            Console.WriteLine($"  {name}, run {run + 1}: {rows / result.Elapsed.TotalSeconds:N0} rows/s, client {Format(PerThousand(result.Cpu))} / server {Format(PerThousand(result.ServerCpu))} ms/1k (load {LoadAverage.Format(before)} / {LoadAverage.Format(after)}; server at rest after {rest.TotalSeconds:F0} s)");
            first.TryAdd(name, before);
            last[name] = after;
            if (!best.TryGetValue(name, out var kept) || result.Elapsed < kept.Run.Elapsed)
            {
                best[name] = (result, before, after);
            }
        }

        double? PerThousand(TimeSpan? cpu) => cpu is { } time ? time.TotalMilliseconds / rows * 1_000 : null;
        static string Format(double? value) => value?.ToString("F1", CultureInfo.InvariantCulture) ?? "-";

        return paths.ToDictionary(path => path.Name, path =>
        {
            var (run, before, after) = best[path.Name];
            return new IngestResult(
                path.Name, rows / run.Elapsed.TotalSeconds, PerThousand(run.Cpu),
                interleave ? before : first[path.Name], interleave ? after : last[path.Name], run.Split, PerThousand(run.ServerCpu));
        });
    }

    private static Dictionary<string, double> ByKey(Dictionary<int, IngestResult> results)
        => results.Where(pair => Concurrency.Contains(pair.Key))
            .ToDictionary(pair => pair.Key.ToString(CultureInfo.InvariantCulture), pair => Math.Round(pair.Value.RowsPerSecond));

    private static async Task CreateDatabaseAsync(string adminConnectionString, string connectionString)
    {
        var admin = new MySqlConnectionStringBuilder(adminConnectionString) { Database = "" }.ConnectionString;
        await using (var connection = new MySqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                $"DROP DATABASE IF EXISTS {DatabaseName}; CREATE DATABASE {DatabaseName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
            await command.ExecuteNonQueryAsync();
        }

        await using (var context = new GatewayDbContext(GatewayDbContextOptionsFactory.Create(connectionString)))
        {
            await context.Database.MigrateAsync();
        }

        // The keys and providers the rows reference (IngestData, withReferences), as the query benchmark has them.
        await using var data = new MySqlConnection(connectionString);
        await data.OpenAsync();
        await QueryBenchmarkData.SeedKeysAndProvidersAsync(data);
    }

    private static int EstimateRowBytes(List<ApiRequestRecord> records)
        => (int)records.Take(100).Average(record =>
            (record.RequestBody?.Length ?? 0) + (record.ResponseBody?.Length ?? 0) + (record.RequestParamsJson?.Length ?? 0) + 150);
}
