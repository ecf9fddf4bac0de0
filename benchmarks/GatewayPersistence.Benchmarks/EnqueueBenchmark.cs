namespace GatewayPersistence.Benchmarks;

/// <summary>
/// The cost of one <c>Enqueue</c> alone (no server): the ingest benchmark's generated records through
/// <see cref="EnqueueHarness"/> with 1 and 8 producers, byte accounting included.
/// </summary>
internal static class EnqueueBenchmark
{
    public static int Run(BenchmarkArguments arguments)
    {
        var records = IngestData.Generate(arguments.Rows ?? 100_000);
        foreach (var producers in new[] { 1, 8 })
        {
            var result = EnqueueHarness.Measure(records, producers);
            Console.WriteLine(
                $"Enqueue, {producers} producer(s): {result.NanosecondsPerCall:F0} ns CPU per call, {result.BytesPerCall:F1} bytes allocated per call, " +
                $"{result.CallsPerSecond:N0} calls/s in all.");
        }

        return 0;
    }
}
