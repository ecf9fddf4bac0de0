using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ModelEntityTypeConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id).HasName("PRIMARY");

        builder.Property(m => m.Id).HasVarcharColumn("id", 255);
        builder.Property(m => m.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(m => m.ProviderId).HasVarcharColumn("provider_id", 255);
        builder.Property(m => m.ModelIdentifier).HasVarcharColumn("model_identifier", 255).IsRequired();
        builder.Property(m => m.Protocol).HasVarcharColumn("protocol", 50);
        builder.Property(m => m.IsVirtual).HasFlagColumn("is_virtual", false);
        builder.Property(m => m.RoutingConfigId).HasVarcharColumn("routing_config_id", 255);
        builder.Property(m => m.ExpertRoutingId).HasVarcharColumn("expert_routing_id", 255);
        builder.Property(m => m.Enabled).HasFlagColumn("enabled", true);
        builder.Property(m => m.ModelAttributes).HasTextColumn("model_attributes");
        builder.Property(m => m.CompressionConfig).HasTextColumn("compression_config");
        builder.Property(m => m.CreatedAt).HasCreatedAtDefaultingToNow();
        builder.Property(m => m.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasOne<Provider>().WithMany().HasForeignKey(m => m.ProviderId)
            .HasConstraintName("models_ibfk_1").OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(m => m.ProviderId, "idx_models_provider");
        builder.HasIndex(m => m.Enabled, "idx_models_enabled");
        builder.HasIndex(m => m.IsVirtual, "idx_models_is_virtual");
        builder.HasIndex(m => m.RoutingConfigId, "idx_models_routing_config");
        builder.HasIndex(m => m.CompressionConfig, "idx_models_compression_config").HasPrefixLength(255);
        builder.HasIndex(m => m.ExpertRoutingId, "idx_models_expert_routing");
        builder.HasIndex(m => m.Protocol, "idx_models_protocol");
    }
}
