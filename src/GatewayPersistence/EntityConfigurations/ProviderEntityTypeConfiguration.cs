using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ProviderEntityTypeConfiguration : IEntityTypeConfiguration<Provider>
{
    public void Configure(EntityTypeBuilder<Provider> builder)
    {
        builder.ToTable("providers");
        builder.HasKey(p => p.Id).HasName("PRIMARY");

        builder.Property(p => p.Id).HasVarcharColumn("id", 255);
        builder.Property(p => p.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(p => p.Description).HasTextColumn("description");
        builder.Property(p => p.BaseUrl).HasTextColumn("base_url").IsRequired();
        builder.Property(p => p.ProtocolMappings).HasTextColumn("protocol_mappings");
        builder.Property(p => p.ApiKey).HasTextColumn("api_key").IsRequired();
        builder.Property(p => p.ModelMapping).HasTextColumn("model_mapping");
        builder.Property(p => p.Enabled).HasFlagColumn("enabled", true);
        builder.Property(p => p.CreatedAt).HasCreatedAtDefaultingToNow();
        builder.Property(p => p.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasIndex(p => p.Enabled, "idx_enabled").HasDatabaseName("idx_enabled");
    }
}
