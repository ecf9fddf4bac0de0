using System.Diagnostics;
using GatewayPersistence.RequestLog;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Cost of <see cref="IApiRequestLog.Enqueue"/> with concurrent producers: warm-up, then every producer enqueues the
/// same number of records at once (a barrier starts them). Reported: process CPU time per call (robust to more producers
/// than cores), bytes allocated per call (all threads), and calls per second overall. The queue is large enough that
/// nothing is dropped and has no consumer, so the figure is the producer's cost alone.
/// </summary>
internal static class EnqueueHarness
{
    public static EnqueueResult Measure(List<ApiRequestRecord> records, int producers, int callsPerProducer = 250_000)
    {
        const int warmUpCalls = 20_000;
        EnqueueResult? best = null;
        for (var run = 0; run < 3; run++)
        {
            var options = new RequestLogOptions { QueueCapacity = producers * (callsPerProducer + warmUpCalls) + 1, MaxQueuedBytes = long.MaxValue };
            using var metrics = new RequestLogMetrics(null);
            var queue = new ApiRequestQueue(options, metrics);
            for (var call = 0; call < warmUpCalls; call++)
            {
                queue.Enqueue(records[call % records.Count]);
            }

            using var start = new Barrier(producers + 1);
            var threads = Enumerable.Range(0, producers).Select(producer => new Thread(() =>
            {
                start.SignalAndWait();
                for (var call = 0; call < callsPerProducer; call++)
                {
                    queue.Enqueue(records[(producer * 7_919 + call) % records.Count]);
                }
            })).ToList();
            threads.ForEach(thread => thread.Start());

            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            start.SignalAndWait();
            threads.ForEach(thread => thread.Join());
            var elapsed = Stopwatch.GetElapsedTime(started);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var calls = (double)producers * callsPerProducer;
            if (queue.Count != warmUpCalls + (int)calls)
            {
                throw new InvalidOperationException("Enqueue benchmark: records were dropped.");
            }

            var result = new EnqueueResult(cpu.TotalNanoseconds / calls, allocated / calls, calls / elapsed.TotalSeconds);
            if (best is null || result.NanosecondsPerCall < best.NanosecondsPerCall)
            {
                best = result;
            }
        }

        return best!;
    }
}

/// <summary>Cost of one Enqueue.</summary>
internal sealed record EnqueueResult(double NanosecondsPerCall, double BytesPerCall, double CallsPerSecond);
