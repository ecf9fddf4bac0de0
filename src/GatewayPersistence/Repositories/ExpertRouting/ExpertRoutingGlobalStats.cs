namespace GatewayPersistence.Repositories;

/// <summary>Classifications of every configuration since a time.</summary>
/// <param name="Total">Number of classifications.</param>
/// <param name="AverageClassificationTimeMs">Average classification time, or null when no row has one.</param>
public sealed record ExpertRoutingGlobalStats(int Total, double? AverageClassificationTimeMs);
