namespace GatewayPersistence.Repositories;

/// <summary>Where and when the newest visible request came from.</summary>
/// <param name="Ip">Client IP address, if recorded.</param>
/// <param name="CreatedAt">When the request happened.</param>
public sealed record LastRequestInfo(string? Ip, DateTimeOffset CreatedAt);
