using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class HealthRunEntityTypeConfiguration : IEntityTypeConfiguration<HealthRun>
{
    public void Configure(EntityTypeBuilder<HealthRun> builder)
    {
        builder.ToTable("health_runs");
        builder.HasKey(r => r.Id).HasName("PRIMARY");

        builder.Property(r => r.Id).HasVarcharColumn("id", 255);
        builder.Property(r => r.TargetId).HasVarcharColumn("target_id", 255).IsRequired();
        builder.Property(r => r.Status).HasColumnName("status").HasColumnType("enum('success','error')")
            .HasConversion(
                status => status == HealthRunStatus.Error ? "error" : "success",
                stored => stored == "error" ? HealthRunStatus.Error : HealthRunStatus.Success)
            .IsRequired();
        builder.Property(r => r.LatencyMs).HasColumnName("latency_ms").HasColumnType("int").IsRequired();
        builder.Property(r => r.ErrorType).HasVarcharColumn("error_type", 100);
        builder.Property(r => r.ErrorMessage).HasTextColumn("error_message");
        builder.Property(r => r.RequestId).HasVarcharColumn("request_id", 255);
        builder.Property(r => r.CreatedAt).HasEpochMillisecondsColumn("created_at");

        builder.HasOne<HealthTarget>().WithMany().HasForeignKey(r => r.TargetId)
            .HasConstraintName("health_runs_ibfk_1").OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(r => r.TargetId, "idx_health_runs_target");
        builder.HasIndex(r => r.CreatedAt, "idx_health_runs_created_at");
        builder.HasIndex(r => r.Status, "idx_health_runs_status");
        // Not in the legacy schema: serves "newest run per target" for due-target checks (later migration).
        builder.HasIndex(r => new { r.TargetId, r.CreatedAt }, "idx_health_runs_target_created_at");
    }
}
