namespace GatewayPersistence.Sql;

/// <summary>
/// Quoted table and column names of the rollup and statistics SQL, from <see cref="SqlModel"/>, so that SQL follows the
/// entity configurations.
/// </summary>
internal sealed class GatewaySqlNames
{
    private readonly SqlTable<ApiRequestHourlyRollup> hourlyRollupTable;
    private readonly SqlTable<ApiRequestKeyHourlyRollup> keyRollupTable;

    internal GatewaySqlNames(SqlModel sql)
    {
        var requests = sql.Table<ApiRequest>();
        Requests = requests.Name;
        RequestId = requests.Column(r => r.Id);
        RequestVirtualKeyId = requests.Column(r => r.VirtualKeyId);
        RequestProviderId = requests.Column(r => r.ProviderId);
        RequestModel = requests.Column(r => r.Model);
        RequestPromptTokens = requests.Column(r => r.PromptTokens);
        RequestCompletionTokens = requests.Column(r => r.CompletionTokens);
        RequestTotalTokens = requests.Column(r => r.TotalTokens);
        RequestCachedTokens = requests.Column(r => r.CachedTokens);
        RequestStatus = requests.Column(r => r.Status);
        RequestResponseTime = requests.Column(r => r.ResponseTime);
        RequestCacheHit = requests.Column(r => r.CacheHit);
        RequestCreatedAt = requests.Column(r => r.CreatedAt);
        RequestCreatedAtIndex = requests.IndexOn(r => r.CreatedAt);
        RequestVirtualKeyCreatedAtIndex = requests.IndexOn(r => r.VirtualKeyId, r => r.CreatedAt);
        RequestProviderCreatedAtIndex = requests.IndexOn(r => r.ProviderId, r => r.CreatedAt);
        RequestModelCreatedAtIndex = requests.IndexOn(r => r.Model, r => r.CreatedAt);
        RequestStatusCreatedAtIndex = requests.IndexOn(r => r.Status, r => r.CreatedAt);

        var keys = sql.Table<VirtualKey>();
        Keys = keys.Name;
        KeyId = keys.Column(k => k.Id);
        KeyName = keys.Column(k => k.Name);
        KeyDisableLogging = keys.Column(k => k.DisableLogging);

        var providers = sql.Table<Provider>();
        Providers = providers.Name;
        ProviderId = providers.Column(p => p.Id);
        ProviderName = providers.Column(p => p.Name);

        var rollups = sql.Table<ApiRequestHourlyRollup>();
        Rollups = rollups.Name;
        RollupHourStart = rollups.Column(h => h.HourStart);
        RollupVirtualKeyId = rollups.Column(h => h.VirtualKeyId);
        RollupProviderId = rollups.Column(h => h.ProviderId);
        RollupModel = rollups.Column(h => h.Model);
        RollupRequestCount = rollups.Column(h => h.RequestCount);
        RollupSuccessCount = rollups.Column(h => h.SuccessCount);
        RollupErrorCount = rollups.Column(h => h.ErrorCount);
        RollupPromptTokens = rollups.Column(h => h.PromptTokens);
        RollupCompletionTokens = rollups.Column(h => h.CompletionTokens);
        RollupTotalTokens = rollups.Column(h => h.TotalTokens);
        RollupCachedTokens = rollups.Column(h => h.CachedTokens);
        RollupUncachedPromptTokens = rollups.Column(h => h.UncachedPromptTokens);
        RollupUncachedCompletionTokens = rollups.Column(h => h.UncachedCompletionTokens);
        RollupUncachedTotalTokens = rollups.Column(h => h.UncachedTotalTokens);
        RollupCacheHitCount = rollups.Column(h => h.CacheHitCount);
        RollupPromptCacheHitCount = rollups.Column(h => h.PromptCacheHitCount);
        RollupResponseTimeSum = rollups.Column(h => h.ResponseTimeSum);
        RollupResponseTimeCount = rollups.Column(h => h.ResponseTimeCount);

        hourlyRollupTable = rollups;
        var keyRollups = sql.Table<ApiRequestKeyHourlyRollup>();
        keyRollupTable = keyRollups;
        KeyRollups = keyRollups.Name;
        KeyRollupVirtualKeyId = keyRollups.Column(h => h.VirtualKeyId);
        KeyRollupHourStart = keyRollups.Column(h => h.HourStart);
    }

    public string Requests { get; }
    public string RequestId { get; }
    public string RequestVirtualKeyId { get; }
    public string RequestProviderId { get; }
    public string RequestModel { get; }
    public string RequestPromptTokens { get; }
    public string RequestCompletionTokens { get; }
    public string RequestTotalTokens { get; }
    public string RequestCachedTokens { get; }
    public string RequestStatus { get; }
    public string RequestResponseTime { get; }
    public string RequestCacheHit { get; }
    public string RequestCreatedAt { get; }

    /// <summary>The quoted (created_at) index: the request list's pages without an equality filter.</summary>
    public string RequestCreatedAtIndex { get; }

    /// <summary>The quoted (virtual_key_id, created_at) index: the request list's pages of one key.</summary>
    public string RequestVirtualKeyCreatedAtIndex { get; }

    /// <summary>The quoted (provider_id, created_at) index: the request list's pages of one provider.</summary>
    public string RequestProviderCreatedAtIndex { get; }

    /// <summary>The quoted (model, created_at) index: the request list's pages of one model.</summary>
    public string RequestModelCreatedAtIndex { get; }

    /// <summary>The quoted (status, created_at) index: the request list's pages of one status.</summary>
    public string RequestStatusCreatedAtIndex { get; }

    public string Keys { get; }
    public string KeyId { get; }
    public string KeyName { get; }
    public string KeyDisableLogging { get; }

    public string Providers { get; }
    public string ProviderId { get; }
    public string ProviderName { get; }

    public string Rollups { get; }
    public string RollupHourStart { get; }
    public string RollupVirtualKeyId { get; }
    public string RollupProviderId { get; }
    public string RollupModel { get; }
    public string RollupRequestCount { get; }
    public string RollupSuccessCount { get; }
    public string RollupErrorCount { get; }
    public string RollupPromptTokens { get; }
    public string RollupCompletionTokens { get; }
    public string RollupTotalTokens { get; }
    public string RollupCachedTokens { get; }
    public string RollupUncachedPromptTokens { get; }
    public string RollupUncachedCompletionTokens { get; }
    public string RollupUncachedTotalTokens { get; }
    public string RollupCacheHitCount { get; }
    public string RollupPromptCacheHitCount { get; }
    public string RollupResponseTimeSum { get; }
    public string RollupResponseTimeCount { get; }

    public string KeyRollups { get; }
    public string KeyRollupVirtualKeyId { get; }
    public string KeyRollupHourStart { get; }

    /// <summary>The quoted hourly-rollup column of the counter property <paramref name="property"/>.</summary>
    public string RollupColumn(string property) => hourlyRollupTable.Column(property);

    /// <summary>The quoted key-rollup column of the counter property <paramref name="property"/>.</summary>
    public string KeyRollupColumn(string property) => keyRollupTable.Column(property);
}
