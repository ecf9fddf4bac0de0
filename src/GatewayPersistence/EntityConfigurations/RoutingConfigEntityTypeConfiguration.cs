using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class RoutingConfigEntityTypeConfiguration : IEntityTypeConfiguration<RoutingConfig>
{
    public void Configure(EntityTypeBuilder<RoutingConfig> builder)
    {
        builder.ToTable("routing_configs");
        builder.HasKey(c => c.Id).HasName("PRIMARY");

        builder.Property(c => c.Id).HasVarcharColumn("id", 255);
        builder.Property(c => c.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(c => c.Description).HasTextColumn("description");
        builder.Property(c => c.Type).HasVarcharColumn("type", 50).IsRequired();
        builder.Property(c => c.Config).HasTextColumn("config").IsRequired();
        builder.Property(c => c.Enabled).HasFlagColumn("enabled", true);
        builder.Property(c => c.CreatedAt).HasEpochMillisecondsColumn("created_at");
        builder.Property(c => c.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasIndex(c => c.Type, "idx_type");
        // MySQL scopes index names per table; EF would uniquify a name shared across tables unless it is explicit.
        builder.HasIndex(c => c.Enabled, "idx_enabled").HasDatabaseName("idx_enabled");
    }
}
