namespace GatewayPersistence.Repositories;

/// <summary>Health checks of targets (table <c>health_runs</c>). Rows are append-only: there is no update.</summary>
public interface IHealthRunRepository
{
    /// <summary>Runs of every target, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HealthRun>> GetAllAsync(int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>The run with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<HealthRun?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Runs of a target, newest first (then by id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HealthRun>> GetByTargetAsync(string targetId, int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>Runs of a target created in [<paramref name="since"/>, <paramref name="until"/>], oldest first (then by id).</summary>
    Task<IReadOnlyList<HealthRun>> GetByTargetInWindowAsync(
        string targetId, DateTimeOffset since, DateTimeOffset until, int limit = RepositoryDefaults.WindowLimit, CancellationToken cancellationToken = default);

    /// <summary>Total, success and error counts and average/min/max latency of a target's runs in [<paramref name="since"/>, <paramref name="until"/>].</summary>
    Task<HealthRunStats> GetStatsAsync(string targetId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Records a run; <c>created_at</c> is now.</summary>
    /// <exception cref="MissingReferenceException">The target does not exist (field <c>target_id</c>).</exception>
    /// <exception cref="DuplicateValueException">The id is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<HealthRun> CreateAsync(NewHealthRun run, CancellationToken cancellationToken = default);

    /// <summary>Deletes the run; whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes runs created more than <paramref name="days"/> days ago, in statements of at most 5,000 rows so no
    /// statement holds locks for long. Returns the number deleted.
    /// </summary>
    Task<int> CleanOldRecordsAsync(int days = 7, CancellationToken cancellationToken = default);
}
