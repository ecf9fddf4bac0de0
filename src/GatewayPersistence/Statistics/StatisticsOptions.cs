namespace GatewayPersistence.Statistics;

/// <summary>Settings of the statistics queries (section <c>GatewayPersistence:Statistics</c>).</summary>
public sealed class StatisticsOptions
{
    /// <summary>IANA or Windows time zone id whose midnight starts a day bucket; UTC by default (the legacy floor).</summary>
    public string TimeZone { get; set; } = "UTC";
}
