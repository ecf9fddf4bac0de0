using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ExpertRoutingConfigEntityTypeConfiguration : IEntityTypeConfiguration<ExpertRoutingConfig>
{
    public void Configure(EntityTypeBuilder<ExpertRoutingConfig> builder)
    {
        builder.ToTable("expert_routing_configs");
        builder.HasKey(c => c.Id).HasName("PRIMARY");

        builder.Property(c => c.Id).HasVarcharColumn("id", 255);
        builder.Property(c => c.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(c => c.Description).HasTextColumn("description");
        builder.Property(c => c.Enabled).HasFlagColumn("enabled", true);
        builder.Property(c => c.Config).HasTextColumn("config").IsRequired();
        builder.Property(c => c.CreatedAt).HasEpochMillisecondsColumn("created_at");
        builder.Property(c => c.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasIndex(c => c.Enabled, "idx_expert_routing_configs_enabled");
        builder.HasIndex(c => c.CreatedAt, "idx_expert_routing_configs_created_at");
    }
}
