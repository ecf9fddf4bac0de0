namespace GatewayPersistence.Benchmarks;

/// <summary>Ingest benchmark (issue: request-log pipeline).</summary>
internal static class IngestBenchmark
{
    public static Task<int> RunAsync(BenchmarkArguments arguments)
    {
        Console.Error.WriteLine($"ingest benchmark not built yet ({arguments.Suite})");
        return Task.FromResult(1);
    }
}
