using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GatewayPersistence.DependencyInjection;
using GatewayPersistence.RequestLog;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Ingest benchmark: on the same generated rows, in one run, plain EF Core, raw MySqlBulkCopy, the pipeline end to end
/// (defaults, and with one batch at a time to show what overlapping adds), the server's own LOAD DATA ceiling (the
/// mariadb client) and the cost of one Enqueue. Each figure is the best of three runs, each on a freshly truncated table.
/// </summary>
internal static class IngestBenchmark
{
    private const string DatabaseName = "gw_bench_ingest";
    private const int Runs = 3;
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments.ConnectionString))
        {
            Console.Error.WriteLine("ingest: --connection is required");
            return 2;
        }

        var rows = arguments.Rows ?? 100_000;
        var connectionString = new MySqlConnectionStringBuilder(arguments.ConnectionString)
        {
            Database = DatabaseName,
            AllowLoadLocalInfile = true,
            CharacterSet = "utf8mb4",
        }.ConnectionString;
        await CreateDatabaseAsync(arguments.ConnectionString, connectionString);
        var records = IngestData.Generate(rows);
        Console.WriteLine($"Ingest benchmark: {rows:N0} rows of ~{EstimateRowBytes(records):N0} bytes, random 21-character ids, best of {Runs} runs.");
        using var scenarios = new IngestScenarios(connectionString, records);

        var ef = await BestAsync("EF Core AddRange+SaveChanges (200/batch)", scenarios.EfCoreAsync);
        var bulk = await BestAsync("raw MySqlBulkCopy (200/batch)", scenarios.BulkCopyAsync);
        var server = await BestAsync("server LOAD DATA LOCAL, mariadb client (500/batch)", scenarios.ServerLoadDataAsync);
        var pipeline = await BestAsync("pipeline end to end (defaults)", scenarios.PipelineAsync);
        var serialPipeline = await BestAsync("pipeline, MaxConcurrentBatches=1", scenarios.SerialPipelineAsync);
        var enqueue = EnqueueHarness.Measure(records, producers: 8);

        var ceiling = Math.Max(bulk.RowsPerSecond, server.RowsPerSecond);
        Console.WriteLine();
        Console.WriteLine($"{"path",-52} {"rows/s",12} {"CPU ms/1k",10} {"vs EF",8} {"vs best",8}");
        foreach (var result in new[] { ef, bulk, server, pipeline, serialPipeline })
        {
            var cpu = result.CpuMsPer1K is { } value ? value.ToString("F1", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(
                $"{result.Name,-52} {result.RowsPerSecond,12:N0} {cpu,10} {result.RowsPerSecond / ef.RowsPerSecond,7:F2}x {result.RowsPerSecond / ceiling,7:F2}x");
        }

        Console.WriteLine();
        Console.WriteLine($"Enqueue, 8 concurrent producers: {enqueue.NanosecondsPerCall:F0} ns CPU per call, {enqueue.BytesPerCall:F1} bytes allocated per call, {enqueue.CallsPerSecond:N0} calls/s in all.");
        var pipelineVsCeiling = pipeline.RowsPerSecond / ceiling;
        var cpuVsEf = pipeline.CpuMsPer1K!.Value / ef.CpuMsPer1K!.Value;
        Console.WriteLine($"Targets: pipeline rows/s >= 0.9 x best(bulk copy, server) -> {pipelineVsCeiling:F2} {(pipelineVsCeiling >= 0.9 ? "met" : "NOT met")}; " +
                          $"pipeline CPU/row <= 0.5 x EF -> {cpuVsEf:F2} {(cpuVsEf <= 0.5 ? "met" : "NOT met")}; " +
                          $"Enqueue < 1 us -> {enqueue.NanosecondsPerCall:F0} ns {(enqueue.NanosecondsPerCall < 1_000 ? "met" : "NOT met")}");

        Directory.CreateDirectory(arguments.OutputDirectory);
        var output = Path.Combine(arguments.OutputDirectory, "ingest.json");
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["rows"] = rows,
            ["ef_rows_per_s"] = Math.Round(ef.RowsPerSecond),
            ["bulkcopy_rows_per_s"] = Math.Round(bulk.RowsPerSecond),
            ["server_load_data_rows_per_s"] = Math.Round(server.RowsPerSecond),
            ["pipeline_rows_per_s"] = Math.Round(pipeline.RowsPerSecond),
            ["pipeline_serial_rows_per_s"] = Math.Round(serialPipeline.RowsPerSecond),
            ["ef_cpu_ms_per_1k"] = Math.Round(ef.CpuMsPer1K!.Value, 2),
            ["pipeline_cpu_ms_per_1k"] = Math.Round(pipeline.CpuMsPer1K!.Value, 2),
            ["enqueue_ns"] = Math.Round(enqueue.NanosecondsPerCall, 1),
            ["enqueue_alloc_bytes"] = Math.Round(enqueue.BytesPerCall, 1),
        }, IndentedJson));
        Console.WriteLine($"Wrote {output}");
        return 0;

        async Task<IngestResult> BestAsync(string name, Func<Task<IngestRun>> scenario)
        {
            IngestRun? best = null;
            for (var run = 0; run < Runs; run++)
            {
                await scenarios.TruncateAsync();
                var result = await scenario();
                var stored = await scenarios.CountAsync();
                if (stored != rows)
                {
                    throw new InvalidOperationException($"{name}: {stored} rows stored, {rows} expected.");
                }

                Console.WriteLine($"  {name}, run {run + 1}: {rows / result.Elapsed.TotalSeconds:N0} rows/s");
                if (best is null || result.Elapsed < best.Elapsed)
                {
                    best = result;
                }
            }

            return new IngestResult(name, rows / best!.Elapsed.TotalSeconds, best.Cpu is { } cpu ? cpu.TotalMilliseconds / rows * 1_000 : null);
        }
    }

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

        await using var context = new GatewayDbContext(GatewayDbContextOptionsFactory.Create(connectionString));
        await context.Database.MigrateAsync();
    }

    private static int EstimateRowBytes(List<ApiRequestRecord> records)
        => (int)records.Take(100).Average(record =>
            (record.RequestBody?.Length ?? 0) + (record.ResponseBody?.Length ?? 0) + (record.RequestParamsJson?.Length ?? 0) + 150);
}

/// <summary>Wall time and process CPU time of one run.</summary>
internal sealed record IngestRun(TimeSpan Elapsed, TimeSpan? Cpu)
{
    public static async Task<IngestRun> MeasureAsync(Func<Task> work, bool measureCpu = true)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return new IngestRun(elapsed, measureCpu ? process.TotalProcessorTime - cpuBefore : null);
    }
}

/// <summary>The best run of one path.</summary>
internal sealed record IngestResult(string Name, double RowsPerSecond, double? CpuMsPer1K);
