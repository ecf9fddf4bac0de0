using System.Diagnostics;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Wall time of one run; CPU time of this process and its reaped children (the client side, whichever process it is in),
/// and of the server when known; for a pipeline run, where its transactions spent their time.
/// </summary>
internal sealed record IngestRun(TimeSpan Elapsed, TimeSpan? Cpu, CostSplit? Split = null, TimeSpan? ServerCpu = null)
{
    public static async Task<IngestRun> MeasureAsync(Func<Task> work, bool measureCpu = true)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime + ProcessCpu.Children();
        var serverBefore = ProcessCpu.Server();
        var started = Stopwatch.GetTimestamp();
        await work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var serverAfter = ProcessCpu.Server();
        process.Refresh();
        return new IngestRun(
            elapsed, measureCpu ? process.TotalProcessorTime + ProcessCpu.Children() - cpuBefore : null, ServerCpu: serverAfter - serverBefore);
    }
}
