namespace GatewayPersistence.Benchmarks;

/// <summary>Command line of the benchmark runner.</summary>
internal sealed record BenchmarkArguments(string Suite, string ConnectionString, int? Rows, string OutputDirectory)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? "";
        var rows = Value("--rows");
        return new BenchmarkArguments(
            args.FirstOrDefault() ?? "",
            Value("--connection"),
            int.TryParse(rows, out var parsed) ? parsed : null,
            Value("--output") is { Length: > 0 } output ? output : Path.Combine("artifacts", "bench"));
    }
}
