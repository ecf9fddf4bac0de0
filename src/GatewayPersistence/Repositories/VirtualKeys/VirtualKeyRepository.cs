using GatewayPersistence.Sql;
using MySqlConnector;

namespace GatewayPersistence.Repositories;

/// <inheritdoc cref="IVirtualKeyRepository" />
internal sealed class VirtualKeyRepository(IDbContextFactory<GatewayDbContext> contextFactory, TimeProvider timeProvider)
    : RepositoryBase<VirtualKey>(contextFactory, timeProvider), IVirtualKeyRepository
{
    public Task<IReadOnlyList<VirtualKey>> GetAllAsync(int limit = DefaultListLimit, CancellationToken cancellationToken = default)
        => ListAsync(keys => keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id), limit, cancellationToken);

    public Task<VirtualKey?> GetByIdAsync(string id, CancellationToken cancellationToken = default)
        => FindAsync(k => k.Id == id, cancellationToken);

    public Task<VirtualKey?> GetByKeyValueAsync(string keyValue, CancellationToken cancellationToken = default)
        => ReadAsync(context => ByKeyValue(context, keyValue).FirstOrDefaultAsync(cancellationToken), cancellationToken);

    public Task<VirtualKey?> GetByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default)
        => ReadAsync(context => ByKeyHash(context, keyHash).FirstOrDefaultAsync(cancellationToken), cancellationToken);

    public async Task<int> CountByModelIdAsync(string modelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var counts = await CountByModelIdsAsync([modelId], cancellationToken);
        return counts[modelId];
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByModelIdsAsync(
        IReadOnlyCollection<string> modelIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelIds);
        var requested = modelIds.Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        await using var context = await ContextFactory.CreateDbContextAsync(cancellationToken);
        var parameters = requested.Select((id, position) => new MySqlParameter($"@model{position}", id)).ToArray<object>();
        var rows = await context.Database.SqlQueryRaw<ModelKeyCountRow>(CountByModelSql(context, requested.Count), parameters)
            .ToListAsync(cancellationToken);

        var counts = requested.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            counts[requested[(int)row.Position]] = (int)row.KeyCount;
        }

        return counts;
    }

    public Task<VirtualKey> CreateAsync(NewVirtualKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = Now();
        return InsertAsync(new VirtualKey
        {
            Id = RepositoryIds.GivenOrNew(key.Id),
            KeyValue = key.KeyValue,
            KeyHash = key.KeyHash,
            Name = key.Name,
            ProviderId = key.ProviderId,
            ModelId = key.ModelId,
            RoutingStrategy = key.RoutingStrategy,
            ModelIds = key.ModelIds,
            RoutingConfig = key.RoutingConfig,
            Enabled = key.Enabled,
            RateLimit = key.RateLimit,
            CacheEnabled = key.CacheEnabled,
            DisableLogging = key.DisableLogging,
            DynamicCompressionEnabled = key.DynamicCompressionEnabled,
            ImageCompressionEnabled = key.ImageCompressionEnabled,
            InterceptZeroTemperature = key.InterceptZeroTemperature,
            ZeroTemperatureReplacement = key.ZeroTemperatureReplacement,
            PiiProtectionEnabled = key.PiiProtectionEnabled,
            CreatedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
    }

    public Task<bool> UpdateAsync(string id, VirtualKeyPatch patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return UpdateWhereAsync(k => k.Id == id, set => set
            .Set(k => k.Name, patch.Name)
            .Set(k => k.ProviderId, patch.ProviderId)
            .Set(k => k.ModelId, patch.ModelId)
            .Set(k => k.RoutingStrategy, patch.RoutingStrategy)
            .Set(k => k.ModelIds, patch.ModelIds)
            .Set(k => k.RoutingConfig, patch.RoutingConfig)
            .Set(k => k.Enabled, patch.Enabled)
            .Set(k => k.RateLimit, patch.RateLimit)
            .Set(k => k.CacheEnabled, patch.CacheEnabled)
            .Set(k => k.DisableLogging, patch.DisableLogging)
            .Set(k => k.DynamicCompressionEnabled, patch.DynamicCompressionEnabled)
            .Set(k => k.ImageCompressionEnabled, patch.ImageCompressionEnabled)
            .Set(k => k.InterceptZeroTemperature, patch.InterceptZeroTemperature)
            .Set(k => k.ZeroTemperatureReplacement, patch.ZeroTemperatureReplacement)
            .Set(k => k.PiiProtectionEnabled, patch.PiiProtectionEnabled), k => k.UpdatedAt, cancellationToken);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
        => DeleteWhereAsync(k => k.Id == id, cancellationToken);

    /// <summary>The authentication lookup (tests EXPLAIN its SQL to prove it is one seek on the unique index).</summary>
    internal static IQueryable<VirtualKey> ByKeyValue(GatewayDbContext context, string keyValue)
        => context.VirtualKeys.AsNoTracking().Where(k => k.KeyValue == keyValue).Take(1);

    /// <summary>The lookup by key hash (one seek on the unique <c>key_hash</c> index).</summary>
    internal static IQueryable<VirtualKey> ByKeyHash(GatewayDbContext context, string keyHash)
        => context.VirtualKeys.AsNoTracking().Where(k => k.KeyHash == keyHash).Take(1);

    /// <summary>
    /// One row per requested id (by position, so ids the collation deems equal are still answered separately) with the
    /// number of keys referring to it. The join yields one row per (id, key) pair at most, so a key that names the model
    /// both in <c>model_id</c> and in <c>model_ids</c> counts once. A <c>model_ids</c> that is not valid JSON is ignored
    /// rather than failing the whole count (MySQL raises an error for JSON_CONTAINS on invalid JSON).
    /// </summary>
    private static string CountByModelSql(GatewayDbContext context, int idCount)
    {
        var keys = SqlModel.For(context).Table<VirtualKey>();
        var modelIds = keys.Column(k => k.ModelIds);
        var requested = string.Join(" UNION ALL ", Enumerable.Range(0, idCount).Select(position =>
            $"SELECT CAST({position} AS SIGNED) AS position, @model{position} COLLATE {GatewayDbContext.Collation} AS model_id"));
        return $"""
            SELECT requested.position AS Position, COUNT(k.{keys.Column(k => k.Id)}) AS KeyCount
            FROM ({requested}) AS requested
            LEFT JOIN {keys.Name} AS k
              ON k.{keys.Column(k => k.ModelId)} = requested.model_id
              OR (CASE WHEN JSON_VALID(k.{modelIds}) THEN JSON_CONTAINS(k.{modelIds}, JSON_QUOTE(requested.model_id)) ELSE 0 END) = 1
            GROUP BY requested.position
            """;
    }

    private sealed class ModelKeyCountRow
    {
        public long Position { get; set; }

        public long KeyCount { get; set; }
    }
}
