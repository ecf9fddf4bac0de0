using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ApiRequestEntityTypeConfiguration : IEntityTypeConfiguration<ApiRequest>
{
    /// <summary>Expression of the STORED generated <c>total_tokens</c> column of new databases.</summary>
    public const string TotalTokensSql = "`prompt_tokens` + `completion_tokens`";

    public void Configure(EntityTypeBuilder<ApiRequest> builder)
    {
        builder.ToTable("api_requests");
        builder.HasKey(r => r.Id).HasName("PRIMARY");

        builder.Property(r => r.Id).HasVarcharColumn("id", 255);
        builder.Property(r => r.VirtualKeyId).HasVarcharColumn("virtual_key_id", 255);
        builder.Property(r => r.ProviderId).HasVarcharColumn("provider_id", 255);
        builder.Property(r => r.Model).HasVarcharColumn("model", 255);
        builder.Property(r => r.PromptTokens).HasColumnName("prompt_tokens").HasColumnType("int").HasStoreDefault(0);
        builder.Property(r => r.CompletionTokens).HasColumnName("completion_tokens").HasColumnType("int").HasStoreDefault(0);
        // Generated on new databases: EF never writes it. Adopted older databases keep a plain column,
        // which the request-log writer fills itself (see RequestLog).
        builder.Property(r => r.TotalTokens).HasColumnName("total_tokens").HasColumnType("int")
            .HasComputedColumnSql(TotalTokensSql, stored: true);
        builder.Property(r => r.CachedTokens).HasColumnName("cached_tokens").HasColumnType("int").HasStoreDefault(0);
        builder.Property(r => r.Status).HasVarcharColumn("status", 50);
        builder.Property(r => r.ResponseTime).HasColumnName("response_time").HasColumnType("int");
        builder.Property(r => r.TfftMs).HasColumnName("tfft_ms").HasColumnType("int");
        builder.Property(r => r.TffbMs).HasColumnName("tffb_ms").HasColumnType("int");
        builder.Property(r => r.ErrorMessage).HasTextColumn("error_message");
        builder.Property(r => r.RequestBody).HasTextColumn("request_body", "mediumtext");
        builder.Property(r => r.ResponseBody).HasTextColumn("response_body", "mediumtext");
        builder.Property(r => r.RequestParamsJson).HasTextColumn("request_params_json", "json");
        builder.Property(r => r.ResponseMetaJson).HasTextColumn("response_meta_json", "json");
        builder.Property(r => r.CacheHit).HasFlagColumn("cache_hit", false);
        builder.Property(r => r.RequestType).HasVarcharColumn("request_type", 50).HasStoreDefault("chat");
        builder.Property(r => r.CompressionOriginalTokens).HasColumnName("compression_original_tokens").HasColumnType("int");
        builder.Property(r => r.CompressionSavedTokens).HasColumnName("compression_saved_tokens").HasColumnType("int");
        builder.Property(r => r.Ip).HasVarcharColumn("ip", 45);
        builder.Property(r => r.UserAgent).HasVarcharColumn("user_agent", 500);
        builder.Property(r => r.CreatedAt).HasEpochMillisecondsColumn("created_at");

        builder.HasOne<VirtualKey>().WithMany().HasForeignKey(r => r.VirtualKeyId)
            .HasConstraintName("api_requests_ibfk_1").OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Provider>().WithMany().HasForeignKey(r => r.ProviderId)
            .HasConstraintName("api_requests_ibfk_2").OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(r => r.CreatedAt, "idx_api_requests_created_at");
        builder.HasIndex(r => r.VirtualKeyId, "idx_api_requests_virtual_key");
        builder.HasIndex(r => r.ProviderId, "idx_api_requests_provider");
        builder.HasIndex(r => r.Status, "idx_api_requests_status");
        builder.HasIndex(r => new { r.Ip, r.CreatedAt }, "idx_api_requests_ip_created_at");
        builder.HasIndex(r => new { r.VirtualKeyId, r.CreatedAt }, "idx_api_requests_vk_created_at");
        builder.HasIndex(r => new { r.ProviderId, r.CreatedAt }, "idx_api_requests_provider_created_at");
        builder.HasIndex(r => new { r.Status, r.CreatedAt }, "idx_api_requests_status_created_at");

        // Not in the legacy schema: the request list filtered by model pages newest first along (model, created_at, id),
        // like the key, provider and status filters along their legacy (column, created_at) indexes.
        builder.HasIndex(r => new { r.Model, r.CreatedAt }, "idx_api_requests_model_created_at");

        // Not in the legacy schema: covers the stats' and the trend's reads of the raw rows in a window's partial edge
        // hours (the rollups hold the whole hours), so they need no lookup of each row in the clustered index. Provider
        // and model are left out (three VARCHAR(255) would pass InnoDB's 3,072-byte key limit); filters on them look up.
        builder.HasIndex(
            r => new { r.CreatedAt, r.VirtualKeyId, r.Status, r.TotalTokens, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheHit, r.ResponseTime },
            "idx_api_requests_created_at_stats");
    }
}
