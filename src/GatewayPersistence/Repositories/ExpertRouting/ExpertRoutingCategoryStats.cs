namespace GatewayPersistence.Repositories;

/// <summary>Classifications of one category of a configuration.</summary>
/// <param name="Category">The category (<c>classification_result</c>).</param>
/// <param name="Count">Number of classifications.</param>
/// <param name="AverageClassificationTimeMs">Average classification time over rows that have one, or null when none has.</param>
public sealed record ExpertRoutingCategoryStats(string Category, int Count, double? AverageClassificationTimeMs);
