using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class HealthTargetEntityTypeConfiguration : IEntityTypeConfiguration<HealthTarget>
{
    public void Configure(EntityTypeBuilder<HealthTarget> builder)
    {
        builder.ToTable("health_targets");
        builder.HasKey(t => t.Id).HasName("PRIMARY");

        builder.Property(t => t.Id).HasVarcharColumn("id", 255);
        builder.Property(t => t.Name).HasVarcharColumn("name", 255).IsRequired();
        builder.Property(t => t.DisplayTitle).HasVarcharColumn("display_title", 255);
        builder.Property(t => t.Type).HasColumnName("type").HasColumnType("enum('model','virtual_model')")
            .HasConversion(
                type => type == HealthTargetType.VirtualModel ? "virtual_model" : "model",
                stored => stored == "virtual_model" ? HealthTargetType.VirtualModel : HealthTargetType.Model)
            .IsRequired();
        builder.Property(t => t.TargetId).HasVarcharColumn("target_id", 255).IsRequired();
        builder.Property(t => t.Enabled).HasFlagColumn("enabled", true);
        builder.Property(t => t.CheckIntervalSeconds).HasColumnName("check_interval_seconds").HasColumnType("int").HasStoreDefault(300);
        builder.Property(t => t.CheckPrompt).HasTextColumn("check_prompt");
        builder.Property(t => t.CheckConfig).HasTextColumn("check_config");
        builder.Property(t => t.CreatedAt).HasEpochMillisecondsColumn("created_at");
        builder.Property(t => t.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasIndex(t => t.Type, "idx_health_targets_type");
        builder.HasIndex(t => t.Enabled, "idx_health_targets_enabled");
        builder.HasIndex(t => t.TargetId, "idx_health_targets_target_id");
    }
}
