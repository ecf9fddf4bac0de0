using Microsoft.Extensions.Logging;

namespace GatewayPersistence.UnitTests.Security;

/// <summary>Keeps every formatted message and its structured values, to check what (and what not) gets logged.</summary>
internal sealed class CapturedLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, EventId EventId, string Text)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        Entries.Add((logLevel, eventId, $"{formatter(state, exception)} [{values}] {exception}"));
    }
}
