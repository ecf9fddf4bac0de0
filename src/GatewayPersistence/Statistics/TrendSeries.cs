namespace GatewayPersistence.Statistics;

/// <summary>The trend of one virtual key: a point for every bucket of the window, zeros where it had no request.</summary>
/// <param name="VirtualKeyId">The key's id; null for requests without a (still existing) key.</param>
/// <param name="VirtualKeyName">The key's current name; <c>unknown</c> when <paramref name="VirtualKeyId"/> is null.</param>
/// <param name="Points">One point per bucket, ascending.</param>
public sealed record TrendSeries(string? VirtualKeyId, string VirtualKeyName, IReadOnlyList<TrendPoint> Points);
