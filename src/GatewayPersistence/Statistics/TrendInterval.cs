namespace GatewayPersistence.Statistics;

/// <summary>Width of a trend bucket.</summary>
public enum TrendInterval
{
    /// <summary>A UTC hour (epoch milliseconds floored to 3,600,000).</summary>
    Hour,

    /// <summary>A calendar day in the configured time zone (UTC by default: epoch milliseconds floored to 86,400,000).</summary>
    Day,
}
