namespace GatewayPersistence.Benchmarks;

/// <summary>Command line of the benchmark runner.</summary>
internal sealed record BenchmarkArguments(string Suite, string ConnectionString, int? Rows, string OutputDirectory)
{
    private string[] all = [];

    public static BenchmarkArguments Parse(string[] args)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? "";
        var rows = Value("--rows");
        return new BenchmarkArguments(
            args.FirstOrDefault() ?? "",
            Value("--connection"),
            int.TryParse(rows, out var parsed) ? parsed : null,
            Value("--output") is { Length: > 0 } output ? output : Path.Combine("artifacts", "bench"))
        {
            all = args,
        };
    }

    /// <summary>The positive integer after <paramref name="name"/>; null when absent or not one.</summary>
    public int? PositiveInt(string name)
    {
        var index = Array.IndexOf(all, name);
        return index >= 0 && index + 1 < all.Length && int.TryParse(all[index + 1], out var value) && value > 0 ? value : null;
    }

    /// <summary>The comma-separated positive integers after <paramref name="name"/>; empty when absent; an error naming a bad one.</summary>
    public IReadOnlyList<int> PositiveInts(string name)
        => (Text(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => int.TryParse(item, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new ArgumentException($"{name}: '{item}' is not a positive integer."))
            .ToList();

    /// <summary>The positive number after <paramref name="name"/>; null when absent or not one.</summary>
    public double? PositiveDouble(string name)
    {
        var index = Array.IndexOf(all, name);
        return index >= 0 && index + 1 < all.Length
            && double.TryParse(all[index + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0 ? value : null;
    }

    /// <summary>The text after <paramref name="name"/>; null when absent.</summary>
    public string? Text(string name)
    {
        var index = Array.IndexOf(all, name);
        return index >= 0 && index + 1 < all.Length ? all[index + 1] : null;
    }

    /// <summary>Whether the switch <paramref name="name"/> was given.</summary>
    public bool Flag(string name) => all.Contains(name);
}
