using GatewayPersistence.Statistics;

namespace GatewayPersistence.Rollups;

/// <summary>The rollups' unit of time: whole UTC hours of epoch milliseconds.</summary>
internal static class RollupHour
{
    /// <summary>Milliseconds in an hour: rollup rows start at a multiple of it (UTC).</summary>
    public const long Milliseconds = TimeBuckets.HourMilliseconds;

    /// <summary>The hour start <see cref="StartSql"/> computes for <paramref name="epochMilliseconds"/> (truncating, as MOD does).</summary>
    public static long StartOf(long epochMilliseconds) => epochMilliseconds - (epochMilliseconds % Milliseconds);

    /// <summary>SQL for the start of the UTC hour of an epoch-millisecond column (the rollups' <c>hour_start</c>).</summary>
    public static string StartSql(string column) => $"{column} - MOD({column}, {Milliseconds})";
}
