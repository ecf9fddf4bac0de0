using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class VirtualKeyEntityTypeConfiguration : IEntityTypeConfiguration<VirtualKey>
{
    public void Configure(EntityTypeBuilder<VirtualKey> builder)
    {
        builder.ToTable("virtual_keys");
        builder.HasKey(k => k.Id).HasName("PRIMARY");

        builder.Property(k => k.Id).HasVarcharColumn("id", 255);
        builder.Property(k => k.KeyValue).HasVarcharColumn("key_value", 255).IsRequired();
        builder.Property(k => k.KeyHash).HasVarcharColumn("key_hash", 255).IsRequired();
        builder.Property(k => k.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(k => k.ProviderId).HasVarcharColumn("provider_id", 255);
        builder.Property(k => k.ModelId).HasVarcharColumn("model_id", 255);
        builder.Property(k => k.RoutingStrategy).HasVarcharColumn("routing_strategy", 50).HasStoreDefault("single");
        builder.Property(k => k.ModelIds).HasTextColumn("model_ids");
        builder.Property(k => k.RoutingConfig).HasTextColumn("routing_config");
        builder.Property(k => k.Enabled).HasFlagColumn("enabled", true);
        builder.Property(k => k.RateLimit).HasColumnName("rate_limit").HasColumnType("int");
        builder.Property(k => k.CacheEnabled).HasFlagColumn("cache_enabled", false);
        builder.Property(k => k.DisableLogging).HasFlagColumn("disable_logging", false);
        builder.Property(k => k.DynamicCompressionEnabled).HasFlagColumn("dynamic_compression_enabled", false);
        builder.Property(k => k.ImageCompressionEnabled).HasFlagColumn("image_compression_enabled", false);
        builder.Property(k => k.InterceptZeroTemperature).HasFlagColumn("intercept_zero_temperature", false);
        builder.Property(k => k.ZeroTemperatureReplacement).HasColumnName("zero_temperature_replacement").HasPrecision(3, 2);
        builder.Property(k => k.PiiProtectionEnabled).HasFlagColumn("pii_protection_enabled", false);
        builder.Property(k => k.CreatedAt).HasCreatedAtDefaultingToNow();
        builder.Property(k => k.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasOne<Provider>().WithMany().HasForeignKey(k => k.ProviderId)
            .HasConstraintName("virtual_keys_ibfk_1").OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Model>().WithMany().HasForeignKey(k => k.ModelId)
            .HasConstraintName("virtual_keys_ibfk_2").OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(k => k.KeyValue, "key_value").IsUnique();
        builder.HasIndex(k => k.KeyHash, "key_hash").IsUnique();
        builder.HasIndex(k => k.KeyHash, "idx_virtual_keys_hash");
        builder.HasIndex(k => k.KeyValue, "idx_virtual_keys_value");
        builder.HasIndex(k => k.ProviderId, "idx_virtual_keys_provider");
        builder.HasIndex(k => k.ModelId, "idx_virtual_keys_model");
    }
}
