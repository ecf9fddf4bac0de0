using GatewayPersistence.DependencyInjection;
using GatewayPersistence.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The lifecycle benchmark's retention part: the pipeline's steady rows/s alone (before and after), while retention
/// deletes the oldest 30% in chunks, and while a naive single <c>DELETE … WHERE created_at &lt; ?</c> deletes them
/// (restored in between); then the data set is put back as generated.
/// </summary>
internal static class LifecycleRetention
{
    private const string PurgedCopy = "bench_purged_rows";

    /// <summary>The library's retention defaults, or the chunking given on the command line (for tuning them).</summary>
    public static RetentionOptions RetentionSettings(BenchmarkArguments arguments)
    {
        var settings = new RetentionOptions { RowDays = 21, TimeBudget = TimeSpan.FromHours(2) };
        settings.ChunkRows = arguments.PositiveInt("--chunk-rows") ?? settings.ChunkRows;
        settings.ChunkPauseFactor = arguments.PositiveDouble("--chunk-pause-factor") ?? settings.ChunkPauseFactor;
        if (arguments.PositiveInt("--purge-seconds") is { } seconds)
        {
            settings.TimeBudget = TimeSpan.FromSeconds(seconds);
        }

        return settings;
    }

    public static async Task<Dictionary<string, double>> RunAsync(
        string connectionString, IDbContextFactory<GatewayDbContext> factory, int ingestSeconds, int warmUpSeconds, RetentionOptions settings, bool naiveDelete)
    {
        var values = new Dictionary<string, double>();
        // The oldest 30%: the data spans the 30 days before Now evenly, so the cutoff is 21 days before it (whole hours).
        var retentionNow = QueryBenchmarkData.Now;
        var cutoff = RequestLogRetention.HourCutoff(retentionNow.ToUnixTimeMilliseconds(), 21);
        await using var ingest = await LifecycleIngest.StartAsync(connectionString);
        await LifecycleBenchmark.ExecuteAsync(connectionString, $"DROP TABLE IF EXISTS {PurgedCopy}; CREATE TABLE {PurgedCopy} ENGINE=InnoDB AS SELECT * FROM api_requests WHERE created_at < {cutoff}");
        var purgeRows = await LifecycleBenchmark.CountAsync(connectionString, $"SELECT COUNT(*) FROM {PurgedCopy}");
        values["purge_rows"] = purgeRows;

        ingest.StartFeeding();
        // Warm-up past the pool, JIT and, above all, the server's first seconds: until its redo log fills, the ingest
        // writes at a burst rate it cannot keep, and measured then it would make anything after it look slow.
        await Task.Delay(TimeSpan.FromSeconds(warmUpSeconds));
        async Task<double> AloneAsync(string when)
        {
            var (rate, _, _) = await ingest.MeasureDuringAsync(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(ingestSeconds));
                return 0;
            });
            Console.Error.WriteLine(FormattableString.Invariant($"  ingest alone ({when}): {rate:N0} rows/s"));
            return rate;
        }

        var aloneBefore = await AloneAsync("before the purge");

        values["chunk_rows"] = settings.ChunkRows;
        values["chunk_pause_factor"] = settings.ChunkPauseFactor;
        await using (var retention = RetentionServices(connectionString, retentionNow, settings))
        {
            var run = retention.GetRequiredService<RequestLogRetention>();
            var (during, elapsed, result) = await ingest.MeasureDuringAsync(() => run.RunOnceAsync(CancellationToken.None));
            values["ingest_during_purge_rows_per_s"] = during;
            values["purge_seconds"] = elapsed.TotalSeconds;
            values["purge_rows_per_s"] = result.RowsDeleted / elapsed.TotalSeconds;
            values["purge_statements"] = result.Statements;
            Console.Error.WriteLine(FormattableString.Invariant(
                $"  retention: {result.RowsDeleted:N0} rows in {elapsed.TotalSeconds:F1} s, ingest {during:N0} rows/s meanwhile"));
            values["purge_rows_deleted"] = result.RowsDeleted;
            values["purge_rows_remaining"] = result.RowsRemaining;
            if (result.RowsDeleted != purgeRows && result.RowsRemaining == 0)
            {
                throw new InvalidOperationException($"retention deleted {result.RowsDeleted} rows, {purgeRows} expected");
            }
        }

        // Alone again after the purge: the ingest's steady rate drifts over a long run, so "alone" is the mean of both sides.
        var aloneAfter = await AloneAsync("after the purge");
        values["ingest_alone_before_rows_per_s"] = aloneBefore;
        values["ingest_alone_after_rows_per_s"] = aloneAfter;
        values["ingest_rows_per_s"] = (aloneBefore + aloneAfter) / 2;
        values["warm_up_s"] = warmUpSeconds;
        values["ingest_alone_s"] = ingestSeconds;
        Console.Error.WriteLine(FormattableString.Invariant(
            $"  ingest during the purge vs alone (mean of before and after): {values["ingest_during_purge_rows_per_s"] / values["ingest_rows_per_s"]:F2}x"));
        if (naiveDelete)
        {
            // The restore runs without the ingest (it would only add rows to delete at the end), which then resumes.
            await ingest.StopFeedingAsync();
            await RestoreAsync(connectionString);
            ingest.StartFeeding();
            await Task.Delay(TimeSpan.FromSeconds(10));
            var (naive, naiveElapsed, deleted) = await ingest.MeasureDuringAsync(async () =>
            {
                await using var connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new MySqlCommand("DELETE FROM api_requests WHERE created_at < @cutoff", connection) { CommandTimeout = 0 };
                command.Parameters.AddWithValue("@cutoff", cutoff);
                try
                {
                    return await command.ExecuteNonQueryAsync();
                }
                catch (MySqlException exception) when (exception.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout)
                {
                    // One statement holding every lock until it ends: the server may pick it as a deadlock victim against
                    // the ingest, after all its work, and roll all of it back.
                    Console.Error.WriteLine($"  naive DELETE failed: {exception.Message}");
                    return -1;
                }
            });
            values["naive_delete_s"] = naiveElapsed.TotalSeconds;
            values["naive_delete_ingest_rows_per_s"] = naive;
            values["naive_delete_failed"] = deleted < 0 ? 1 : 0;
            Console.Error.WriteLine(FormattableString.Invariant($"  naive DELETE: {deleted:N0} rows in {naiveElapsed.TotalSeconds:F1} s, ingest {naive:N0} rows/s meanwhile"));
        }

        await ingest.StopFeedingAsync();
        return values;
    }

    /// <summary>Puts back what an interrupted run purged and deletes what it ingested (the rollup hours are the caller's).</summary>
    public static async Task RecoverInterruptedAsync(string connectionString)
    {
        if (await LifecycleBenchmark.CountAsync(connectionString,
                $"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{PurgedCopy}'") == 1)
        {
            await RestoreAsync(connectionString);
        }

        await LifecycleBenchmark.ExecuteAsync(connectionString,
            $"DROP TABLE IF EXISTS {PurgedCopy}; DELETE FROM api_request_retention_floors; DELETE FROM api_requests WHERE created_at > {QueryBenchmarkData.Now.ToUnixTimeMilliseconds()}");
    }

    /// <summary>
    /// Puts the data set back as generated after the retention part (run after the results are written): the purged
    /// rows return, the ingested rows go, and the hours they touched are rebuilt from the raw rows left (none).
    /// </summary>
    public static async Task RestoreDataSetAsync(string connectionString, IDbContextFactory<GatewayDbContext> factory, DateTimeOffset ingestStart)
    {
        Console.Error.WriteLine("restoring the data set");
        await RestoreAsync(connectionString);
        await LifecycleBenchmark.ExecuteAsync(connectionString, $"DELETE FROM api_requests WHERE created_at > {QueryBenchmarkData.Now.ToUnixTimeMilliseconds()}; DROP TABLE {PurgedCopy}");
        await LifecycleBenchmark.BackfillAsync(factory, ingestStart.AddHours(-1), DateTimeOffset.UtcNow.AddHours(2));
    }

    /// <summary>Retention of a second "instance", its clock at the data set's now: RowDays = 21 deletes the oldest 30%.</summary>
    private static ServiceProvider RetentionServices(string connectionString, DateTimeOffset now, RetentionOptions settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.TryAddSingleton<TimeProvider>(new LifecycleBenchmark.FixedClock(now));
        services.AddGatewayPersistence(options =>
        {
            options.ConnectionString = connectionString;
            var retention = options.RequestLog.Retention;
            (retention.RowDays, retention.TimeBudget) = (settings.RowDays, settings.TimeBudget);
            (retention.ChunkRows, retention.ChunkPauseFactor) = (settings.ChunkRows, settings.ChunkPauseFactor);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Puts the purged rows back and forgets the retention floor.</summary>
    private static async Task RestoreAsync(string connectionString)
    {
        var columns = new List<string>();
        await using (var connection = new MySqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'api_requests' "
                + "AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add($"`{reader.GetString(0)}`");
            }
        }

        var list = string.Join(", ", columns);
        await LifecycleBenchmark.ExecuteAsync(connectionString, $"INSERT IGNORE INTO api_requests ({list}) SELECT {list} FROM {PurgedCopy}; DELETE FROM api_request_retention_floors");
    }
}
