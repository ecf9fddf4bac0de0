using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ApiRequestKeyHourlyRollupEntityTypeConfiguration : IEntityTypeConfiguration<ApiRequestKeyHourlyRollup>
{
    public void Configure(EntityTypeBuilder<ApiRequestKeyHourlyRollup> builder)
    {
        builder.ToTable("api_request_key_hourly_rollups");

        // Key first: a trend reads each visible key's range of hours as one ordered index range.
        builder.HasKey(r => new { r.VirtualKeyId, r.HourStart }).HasName("PRIMARY");

        builder.Property(r => r.VirtualKeyId).HasVarcharColumn("virtual_key_id", 255).HasStoreDefault("");
        builder.Property(r => r.HourStart).HasEpochMillisecondsColumn("hour_start");

        Counter(builder.Property(r => r.RequestCount), "request_count");
        Counter(builder.Property(r => r.SuccessCount), "success_count");
        Counter(builder.Property(r => r.ErrorCount), "error_count");
        Counter(builder.Property(r => r.TotalTokens), "total_tokens");

        // The backfill deletes and rebuilds ranges of hours.
        builder.HasIndex(r => r.HourStart, "idx_api_request_key_hourly_rollups_hour");
    }

    private static void Counter(PropertyBuilder<long> property, string column)
        => property.HasColumnName(column).HasColumnType("bigint").HasStoreDefault(0L).IsRequired();
}
