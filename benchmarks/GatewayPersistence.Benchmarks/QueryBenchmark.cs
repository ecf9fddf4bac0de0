namespace GatewayPersistence.Benchmarks;

/// <summary>Query benchmark (issue: statistics).</summary>
internal static class QueryBenchmark
{
    public static Task<int> RunAsync(BenchmarkArguments arguments)
    {
        Console.Error.WriteLine($"queries benchmark not built yet ({arguments.Suite})");
        return Task.FromResult(1);
    }
}
