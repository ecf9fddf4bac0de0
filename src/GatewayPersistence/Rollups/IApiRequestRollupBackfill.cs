namespace GatewayPersistence.Rollups;

/// <summary>
/// Builds <c>api_request_hourly_rollups</c> from <c>api_requests</c> for rows written before the rollup was maintained
/// (e.g. right after adopting a legacy database), or repairs it. Safe on a live database: each chunk of hours is rebuilt
/// in one transaction that first locks the chunk's raw rows and the gaps between them, so a request-log batch inserting
/// into those hours waits for the chunk (or deadlocks and is retried) and is counted exactly once. Idempotent: running it
/// again rebuilds the same numbers.
/// </summary>
public interface IApiRequestRollupBackfill
{
    /// <summary>
    /// Rebuilds every UTC hour that overlaps <c>[from, until)</c>: by default from the hour of the oldest row through the hour
    /// of the newest one.
    /// </summary>
    /// <param name="from">Start; floored to its hour. Null: the oldest row's hour.</param>
    /// <param name="until">End (exclusive); raised to a whole hour. Null: the end of the newest row's hour.</param>
    /// <param name="cancellationToken">Stops between chunks (the chunk in progress rolls back).</param>
    Task<RollupBackfillResult> BackfillAsync(DateTimeOffset? from, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares both rollups with the raw rows over the UTC hours overlapping <c>[from, until)</c> and rebuilds only the
    /// hours that differ (each under the backfill's locks): after a rolling upgrade in which older instances wrote rows
    /// without rollups, or a backfill that stopped half-way.
    /// </summary>
    /// <param name="from">Start; floored to its hour.</param>
    /// <param name="until">End (exclusive); raised to a whole hour.</param>
    /// <param name="cancellationToken">Stops between hours.</param>
    Task<RollupRepairResult> VerifyAndRepairAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default);
}
