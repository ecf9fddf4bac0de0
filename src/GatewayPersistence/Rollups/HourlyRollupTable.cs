using GatewayPersistence.Sql;

namespace GatewayPersistence.Rollups;

/// <summary>
/// <c>api_request_hourly_rollups</c>: every counter per UTC hour × virtual key × provider × model ('' standing for none),
/// from which the statistics read whole hours.
/// </summary>
internal sealed class HourlyRollupTable(SqlModel sql) : RollupTable(sql)
{
    protected override string Table(GatewaySqlNames n) => n.Rollups;

    protected override string HourColumn(GatewaySqlNames n) => n.RollupHourStart;

    protected override IReadOnlyList<(string Column, string RawExpression)> GroupColumns(GatewaySqlNames n)
    {
        var r = RollupCounters.RawAlias;
        return
        [
            (n.RollupHourStart, RollupHour.StartSql($"{r}.{n.RequestCreatedAt}")),
            (n.RollupVirtualKeyId, $"COALESCE({r}.{n.RequestVirtualKeyId}, '')"),
            (n.RollupProviderId, $"COALESCE({r}.{n.RequestProviderId}, '')"),
            (n.RollupModel, $"COALESCE({r}.{n.RequestModel}, '')"),
        ];
    }

    protected override IReadOnlyList<(RollupCounter Counter, string Column)> Counters(GatewaySqlNames n)
        => RollupCounters.All(n).Select(counter => (counter, counter.Column)).ToList();

    protected override IEnumerable<object> GroupValues(ApiRequestHourlyRollup delta)
        => [delta.HourStart.ToUnixTimeMilliseconds(), delta.VirtualKeyId, delta.ProviderId, delta.Model];
}
