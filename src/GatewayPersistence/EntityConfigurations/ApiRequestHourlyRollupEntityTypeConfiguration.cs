using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ApiRequestHourlyRollupEntityTypeConfiguration : IEntityTypeConfiguration<ApiRequestHourlyRollup>
{
    public void Configure(EntityTypeBuilder<ApiRequestHourlyRollup> builder)
    {
        builder.ToTable("api_request_hourly_rollups");
        builder.HasKey(r => new { r.HourStart, r.VirtualKeyId, r.ProviderId, r.Model }).HasName("PRIMARY");

        builder.Property(r => r.HourStart).HasEpochMillisecondsColumn("hour_start");
        builder.Property(r => r.VirtualKeyId).HasVarcharColumn("virtual_key_id", 255).HasStoreDefault("");
        builder.Property(r => r.ProviderId).HasVarcharColumn("provider_id", 255).HasStoreDefault("");
        builder.Property(r => r.Model).HasVarcharColumn("model", 255).HasStoreDefault("");

        Counter(builder.Property(r => r.RequestCount), "request_count");
        Counter(builder.Property(r => r.SuccessCount), "success_count");
        Counter(builder.Property(r => r.ErrorCount), "error_count");
        Counter(builder.Property(r => r.PromptTokens), "prompt_tokens");
        Counter(builder.Property(r => r.CompletionTokens), "completion_tokens");
        Counter(builder.Property(r => r.TotalTokens), "total_tokens");
        Counter(builder.Property(r => r.CachedTokens), "cached_tokens");
        Counter(builder.Property(r => r.UncachedPromptTokens), "uncached_prompt_tokens");
        Counter(builder.Property(r => r.UncachedCompletionTokens), "uncached_completion_tokens");
        Counter(builder.Property(r => r.UncachedTotalTokens), "uncached_total_tokens");
        Counter(builder.Property(r => r.CacheHitCount), "cache_hit_count");
        Counter(builder.Property(r => r.PromptCacheHitCount), "prompt_cache_hit_count");
        Counter(builder.Property(r => r.ResponseTimeSum), "response_time_sum");
        Counter(builder.Property(r => r.ResponseTimeCount), "response_time_count");

        // Queries filter by key, provider or model over a range of hours.
        builder.HasIndex(r => new { r.VirtualKeyId, r.HourStart }, "idx_api_request_hourly_rollups_vk_hour");
        builder.HasIndex(r => new { r.ProviderId, r.HourStart }, "idx_api_request_hourly_rollups_provider_hour");
        builder.HasIndex(r => new { r.Model, r.HourStart }, "idx_api_request_hourly_rollups_model_hour");
    }

    private static void Counter(PropertyBuilder<long> property, string column)
        => property.HasColumnName(column).HasColumnType("bigint").HasStoreDefault(0L).IsRequired();
}
