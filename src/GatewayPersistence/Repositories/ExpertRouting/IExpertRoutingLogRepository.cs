namespace GatewayPersistence.Repositories;

/// <summary>
/// The classification log of expert routing (table <c>expert_routing_logs</c>). Rows are append-only: there is no update.
/// Lists are newest first (then by id).
/// </summary>
public interface IExpertRoutingLogRepository
{
    /// <summary>Log rows, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ExpertRoutingLog>> GetAllAsync(int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>The row with <paramref name="id"/>, or <see langword="null"/>.</summary>
    Task<ExpertRoutingLog?> GetByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Rows of one configuration.</summary>
    Task<IReadOnlyList<ExpertRoutingLog>> GetByConfigIdAsync(string expertRoutingId, int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>Rows of one configuration classified into <paramref name="category"/>.</summary>
    Task<IReadOnlyList<ExpertRoutingLog>> GetByConfigAndCategoryAsync(
        string expertRoutingId, string category, int limit = RepositoryDefaults.LogLimit, CancellationToken cancellationToken = default);

    /// <summary>Logs a classification; <c>created_at</c> is now.</summary>
    /// <exception cref="MissingReferenceException">The virtual key does not exist (field <c>virtual_key_id</c>).</exception>
    /// <exception cref="DuplicateValueException">The id is taken.</exception>
    /// <exception cref="FieldValidationException">A value does not fit its column.</exception>
    Task<ExpertRoutingLog> CreateAsync(NewExpertRoutingLog log, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per category of one configuration: count and average classification time, most used first (then by category),
    /// over the rows of the last <paramref name="within"/> when given, else over all rows.
    /// </summary>
    Task<IReadOnlyList<ExpertRoutingCategoryStats>> GetCategoryStatsAsync(
        string expertRoutingId, TimeSpan? within = null, CancellationToken cancellationToken = default);

    /// <summary>Count and average classification time of every row created at or after <paramref name="since"/>.</summary>
    Task<ExpertRoutingGlobalStats> GetGlobalStatsAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Deletes the row; whether one was deleted.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
