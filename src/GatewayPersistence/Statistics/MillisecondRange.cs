namespace GatewayPersistence.Statistics;

/// <summary>A half-open range of epoch milliseconds, <c>[Start, End)</c>.</summary>
internal readonly record struct MillisecondRange(long Start, long End)
{
    /// <summary>How long the range lasts before <paramref name="now"/>: the part that can hold rows already written.</summary>
    public long PastLength(long now) => Math.Max(0, Math.Min(End, now) - Start);
}
