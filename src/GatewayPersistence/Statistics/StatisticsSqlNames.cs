using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GatewayPersistence.Statistics;

/// <summary>
/// Quoted table and column names of the statistics SQL, read from the EF model (never from input), so the SQL follows
/// the entity configurations. Built once per process from a model-only context (no connection is opened).
/// </summary>
internal sealed class StatisticsSqlNames
{
    private static readonly Lazy<StatisticsSqlNames> Shared = new(() =>
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>()
            .UseMySql("Server=model-only", ServerVersion.Parse("8.0.36-mysql"))
            .Options;
        using var context = new GatewayDbContext(options);
        return new StatisticsSqlNames(context.Model);
    });

    private StatisticsSqlNames(IModel model)
    {
        var requests = Table<ApiRequest>(model);
        Requests = requests.Quoted;
        RequestId = Column(requests, (ApiRequest r) => r.Id);
        RequestVirtualKeyId = Column(requests, (ApiRequest r) => r.VirtualKeyId);
        RequestProviderId = Column(requests, (ApiRequest r) => r.ProviderId);
        RequestModel = Column(requests, (ApiRequest r) => r.Model);
        RequestPromptTokens = Column(requests, (ApiRequest r) => r.PromptTokens);
        RequestCompletionTokens = Column(requests, (ApiRequest r) => r.CompletionTokens);
        RequestTotalTokens = Column(requests, (ApiRequest r) => r.TotalTokens);
        RequestCachedTokens = Column(requests, (ApiRequest r) => r.CachedTokens);
        RequestStatus = Column(requests, (ApiRequest r) => r.Status);
        RequestResponseTime = Column(requests, (ApiRequest r) => r.ResponseTime);
        RequestCacheHit = Column(requests, (ApiRequest r) => r.CacheHit);
        RequestCreatedAt = Column(requests, (ApiRequest r) => r.CreatedAt);

        var keys = Table<VirtualKey>(model);
        Keys = keys.Quoted;
        KeyId = Column(keys, (VirtualKey k) => k.Id);
        KeyName = Column(keys, (VirtualKey k) => k.Name);
        KeyDisableLogging = Column(keys, (VirtualKey k) => k.DisableLogging);

        var providers = Table<Provider>(model);
        Providers = providers.Quoted;
        ProviderId = Column(providers, (Provider p) => p.Id);
        ProviderName = Column(providers, (Provider p) => p.Name);

        var rollups = Table<ApiRequestHourlyRollup>(model);
        Rollups = rollups.Quoted;
        RollupHourStart = Column(rollups, (ApiRequestHourlyRollup h) => h.HourStart);
        RollupVirtualKeyId = Column(rollups, (ApiRequestHourlyRollup h) => h.VirtualKeyId);
        RollupProviderId = Column(rollups, (ApiRequestHourlyRollup h) => h.ProviderId);
        RollupModel = Column(rollups, (ApiRequestHourlyRollup h) => h.Model);
        RollupRequestCount = Column(rollups, (ApiRequestHourlyRollup h) => h.RequestCount);
        RollupSuccessCount = Column(rollups, (ApiRequestHourlyRollup h) => h.SuccessCount);
        RollupErrorCount = Column(rollups, (ApiRequestHourlyRollup h) => h.ErrorCount);
        RollupPromptTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.PromptTokens);
        RollupCompletionTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.CompletionTokens);
        RollupTotalTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.TotalTokens);
        RollupCachedTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.CachedTokens);
        RollupUncachedPromptTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.UncachedPromptTokens);
        RollupUncachedCompletionTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.UncachedCompletionTokens);
        RollupUncachedTotalTokens = Column(rollups, (ApiRequestHourlyRollup h) => h.UncachedTotalTokens);
        RollupCacheHitCount = Column(rollups, (ApiRequestHourlyRollup h) => h.CacheHitCount);
        RollupPromptCacheHitCount = Column(rollups, (ApiRequestHourlyRollup h) => h.PromptCacheHitCount);
        RollupResponseTimeSum = Column(rollups, (ApiRequestHourlyRollup h) => h.ResponseTimeSum);
        RollupResponseTimeCount = Column(rollups, (ApiRequestHourlyRollup h) => h.ResponseTimeCount);

        var keyRollups = Table<ApiRequestKeyHourlyRollup>(model);
        KeyRollups = keyRollups.Quoted;
        KeyRollupVirtualKeyId = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.VirtualKeyId);
        KeyRollupHourStart = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.HourStart);
        KeyRollupRequestCount = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.RequestCount);
        KeyRollupSuccessCount = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.SuccessCount);
        KeyRollupErrorCount = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.ErrorCount);
        KeyRollupTotalTokens = Column(keyRollups, (ApiRequestKeyHourlyRollup h) => h.TotalTokens);
    }

    /// <summary>The names of the gateway's EF model.</summary>
    public static StatisticsSqlNames Instance => Shared.Value;

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
    public string KeyRollupRequestCount { get; }
    public string KeyRollupSuccessCount { get; }
    public string KeyRollupErrorCount { get; }
    public string KeyRollupTotalTokens { get; }

    private static TableMapping Table<TEntity>(IModel model)
    {
        var entity = model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var name = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no table.");
        return new TableMapping(entity, StoreObjectIdentifier.Table(name, entity.GetSchema()), Quote(name));
    }

    private static string Column<TEntity, TValue>(TableMapping table, Expression<Func<TEntity, TValue>> property)
    {
        var member = (PropertyInfo)((MemberExpression)property.Body).Member;
        var column = table.Entity.FindProperty(member)?.GetColumnName(table.Store)
            ?? throw new InvalidOperationException($"{member.Name} has no column in {table.Quoted}.");
        return Quote(column);
    }

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    private sealed record TableMapping(IEntityType Entity, StoreObjectIdentifier Store, string Quoted);
}
