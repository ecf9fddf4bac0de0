using System.ComponentModel.DataAnnotations;

namespace GatewayPersistence.Statistics;

/// <summary>Settings of the statistics queries (section <c>GatewayPersistence:Statistics</c>).</summary>
public sealed class StatisticsOptions
{
    /// <summary>
    /// IANA or Windows time zone id whose midnight starts a day bucket; UTC by default (the legacy floor of epoch
    /// milliseconds by 86,400,000). Day trends read the hourly rollup only while the zone's day boundaries fall on whole
    /// UTC hours (offsets of whole hours); otherwise (e.g. UTC+05:30) they read the raw rows.
    /// </summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Whether queries read whole hours from the hourly rollup (the default). False reads every row of the window:
    /// the same answers, slower; useful to verify the rollup or to compare in a benchmark.
    /// </summary>
    public bool UseHourlyRollup { get; set; } = true;

    /// <summary>Hours the rollup backfill rebuilds per transaction (shorter keeps row locks brief on a live database).</summary>
    [Range(1, 24 * 31)]
    public int BackfillChunkHours { get; set; } = 6;

    /// <summary>Most buckets a trend may have (guards against an hourly trend over years).</summary>
    [Range(1, 1_000_000)]
    public int MaxTrendBuckets { get; set; } = 20_000;
}
