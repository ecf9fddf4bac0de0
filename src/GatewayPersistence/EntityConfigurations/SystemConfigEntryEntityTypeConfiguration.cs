using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class SystemConfigEntryEntityTypeConfiguration : IEntityTypeConfiguration<SystemConfigEntry>
{
    public void Configure(EntityTypeBuilder<SystemConfigEntry> builder)
    {
        builder.ToTable("system_config");
        builder.HasKey(c => c.Key).HasName("PRIMARY");

        builder.Property(c => c.Key).HasVarcharColumn("key", 255);
        builder.Property(c => c.Value).HasTextColumn("value").IsRequired();
        builder.Property(c => c.Description).HasTextColumn("description");
        builder.Property(c => c.UpdatedAt).HasEpochMillisecondsColumn("updated_at");
    }
}
