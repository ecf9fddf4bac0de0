namespace GatewayPersistence.Rollups;

/// <summary>One counter of the rollups: its columns, its aggregate over raw rows, and the value it holds.</summary>
/// <param name="Column">The quoted column of <c>api_request_hourly_rollups</c>.</param>
/// <param name="KeyColumn">The quoted column of <c>api_request_key_hourly_rollups</c>; null when the key rollup does not carry it.</param>
/// <param name="RawAggregate">Its aggregate over raw rows aliased <see cref="RollupCounters.RawAlias"/>.</param>
/// <param name="Value">The counter's value in a rollup row counted in process.</param>
internal sealed record RollupCounter(string Column, string? KeyColumn, string RawAggregate, Func<ApiRequestHourlyRollup, long> Value);
