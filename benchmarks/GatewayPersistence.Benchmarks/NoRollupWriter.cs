using GatewayPersistence.Rollups;
using MySqlConnector;

namespace GatewayPersistence.Benchmarks;

/// <summary>
/// Benchmark only: a rollup writer that writes nothing, registered before <c>AddGatewayPersistence</c> (which adds the
/// real one with TryAdd) for the "rollups off" row, so the table shows what the two upserts cost in rows per second. The
/// pipeline is otherwise unchanged (same batches, same foreign-key check, same load); the rows it stores are checked as
/// in every run, the rollups it leaves empty are not used.
/// </summary>
internal sealed class NoRollupWriter : IApiRequestRollupWriter
{
    public Task AddInsertedAsync(
        MySqlConnection connection, MySqlTransaction transaction, IReadOnlyCollection<ApiRequestRollupRow> inserted, int commandTimeoutSeconds,
        CancellationToken cancellationToken)
        => Task.CompletedTask;
}
