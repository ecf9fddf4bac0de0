namespace GatewayPersistence.Repositories;

/// <summary>Models the gateway health-checks (table <c>health_targets</c>). Lists are newest first (then by id).</summary>
public interface IHealthTargetRepository
{
    /// <summary>Targets, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<HealthTarget>> GetAllAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>Enabled targets.</summary>
    Task<IReadOnlyList<HealthTarget>> GetEnabledAsync(int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enabled targets due for a check at <paramref name="now"/>: never checked, or whose newest run is at least
    /// <c>check_interval_seconds</c> old (exactly that old counts as due; a NULL interval counts as 300 s). One index
    /// seek per target on <c>idx_health_runs_target_created_at</c> finds the newest run.
    /// </summary>
    Task<IReadOnlyList<HealthTarget>> GetDueTargetsAsync(DateTimeOffset now, int limit = RepositoryDefaults.ListLimit, CancellationToken cancellationToken = default);

    /// <summary>The target with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<HealthTarget?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a target; <c>created_at</c> and <c>updated_at</c> are now.</summary>
    /// <exception cref="DuplicateValueException">The id is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<HealthTarget> CreateAsync(NewHealthTarget target, CancellationToken cancellationToken = default);

    /// <summary>Writes the given fields and <c>updated_at</c> = now; an empty patch writes nothing.</summary>
    /// <returns>Whether a target with <paramref name="id"/> was updated (false for an empty patch).</returns>
    Task<bool> UpdateAsync(string id, HealthTargetPatch patch, CancellationToken cancellationToken = default);

    /// <summary>Deletes the target; the database deletes its runs. Whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
