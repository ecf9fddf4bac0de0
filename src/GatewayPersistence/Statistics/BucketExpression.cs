using System.Globalization;
using MySqlConnector;

namespace GatewayPersistence.Statistics;

/// <summary>How an epoch-millisecond column maps to a trend bucket in SQL.</summary>
internal sealed record BucketExpression(long FloorUnit, IReadOnlyList<DateTimeOffset> BucketStarts, bool ByIndex)
{
    /// <summary>Buckets of a UTC-aligned width: the SQL value is the bucket start.</summary>
    public static BucketExpression Floor(long unit, IReadOnlyList<DateTimeOffset> bucketStarts) => new(unit, bucketStarts, false);

    /// <summary>Buckets of uneven width (zone days): the SQL value is the bucket's index, found by <c>INTERVAL()</c>.</summary>
    public static BucketExpression Index(IReadOnlyList<DateTimeOffset> bucketStarts) => new(0, bucketStarts, true);

    public string Sql(string column)
    {
        if (!ByIndex)
        {
            return $"{column} - MOD({column}, {FloorUnit.ToString(CultureInfo.InvariantCulture)})";
        }

        // INTERVAL(x, b1, ..., bn) is the number of boundaries <= x: bucket 0 before b1, bucket n from bn on.
        var boundaries = Enumerable.Range(1, BucketStarts.Count - 1).Select(i => $"@bucket{i}");
        return BucketStarts.Count == 1 ? "0" : $"INTERVAL({column}, {string.Join(", ", boundaries)})";
    }

    public void AddParameters(MySqlCommand command)
    {
        if (!ByIndex)
        {
            return;
        }

        for (var i = 1; i < BucketStarts.Count; i++)
        {
            command.Parameters.AddWithValue($"@bucket{i}", BucketStarts[i].ToUnixTimeMilliseconds());
        }
    }

    public DateTimeOffset StartOf(long value) => ByIndex ? BucketStarts[checked((int)value)] : DateTimeOffset.FromUnixTimeMilliseconds(value);
}
