using System.Diagnostics;
using GatewayPersistence.RequestLog;
using GatewayPersistence.Rollups;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The pipeline's client work besides the load itself, each step timed alone in this process on the benchmark's rows in
/// batches of <see cref="RequestLogOptions.MaxBatchRows"/> (process CPU time, best of three, after a warm-up): row
/// preparation (truncation, JSON check, size estimate), the distinct-id check, and the in-process rollup count (rows to
/// rollup rows, then counted). With client and server on the same cores every client millisecond is one the server
/// does not get, so these say how much of the gap to the raw rows the client side can close.
/// </summary>
internal static class ClientWork
{
    public static ClientWorkResult Measure(IReadOnlyList<ApiRequestRecord> records, ApiRequestColumnLayout table)
    {
        using var metrics = new RequestLogMetrics(null);
        var preparer = new ApiRequestRowPreparer(table, metrics, NullLogger.Instance);
        var batches = records.Chunk(new RequestLogOptions().MaxBatchRows).ToList();
        List<List<PreparedApiRequestRow>> prepared = [];
        var prepare = Best(() => prepared = batches.ConvertAll(batch => preparer.Prepare(batch, [])));
        var distinct = Best(() => prepared.ForEach(rows => ApiRequestBatchTransaction.HasDistinctIds(rows)));
        var rollups = Best(() => prepared.ForEach(rows => RollupBatch.TryCount(rows.ConvertAll(table.ToRollupRow), out _)));
        return new ClientWorkResult(PerThousand(prepare), PerThousand(distinct), PerThousand(rollups));

        double PerThousand(TimeSpan cpu) => cpu.TotalMilliseconds / records.Count * 1_000;
    }

    private static TimeSpan Best(Action work)
    {
        using var process = Process.GetCurrentProcess();
        work(); // warm-up (JIT)
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            work();
            process.Refresh();
            var cpu = process.TotalProcessorTime - before;
            best = cpu < best ? cpu : best;
        }

        return best;
    }
}
