using GatewayPersistence.Sql;

namespace GatewayPersistence.Rollups;

/// <summary>
/// <c>api_request_key_hourly_rollups</c>: the key trend's counters per virtual key × UTC hour, so a trend without a
/// provider or model filter reads one row per key and hour.
/// </summary>
internal sealed class KeyHourlyRollupTable(SqlModel sql) : RollupTable(sql)
{
    protected override string Table(GatewaySqlNames n) => n.KeyRollups;

    protected override string HourColumn(GatewaySqlNames n) => n.KeyRollupHourStart;

    protected override IReadOnlyList<(string Column, string RawExpression)> GroupColumns(GatewaySqlNames n)
    {
        var r = RollupCounters.RawAlias;
        return
        [
            (n.KeyRollupVirtualKeyId, $"COALESCE({r}.{n.RequestVirtualKeyId}, '')"),
            (n.KeyRollupHourStart, RollupHour.StartSql($"{r}.{n.RequestCreatedAt}")),
        ];
    }

    protected override IReadOnlyList<(RollupCounter Counter, string Column)> Counters(GatewaySqlNames n)
        => RollupCounters.Key(n).Select(counter => (counter, counter.KeyColumn!)).ToList();

    protected override IEnumerable<object> GroupValues(ApiRequestHourlyRollup delta)
        => [delta.VirtualKeyId, delta.HourStart.ToUnixTimeMilliseconds()];
}
