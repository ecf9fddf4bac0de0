using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class RetentionFloorEntityTypeConfiguration : IEntityTypeConfiguration<RetentionFloor>
{
    public void Configure(EntityTypeBuilder<RetentionFloor> builder)
    {
        // Not in the legacy schema: written by the retention service (Retention/), read by every raw read of the log.
        builder.ToTable("api_request_retention_floors");
        builder.HasKey(f => f.Kind).HasName("PRIMARY");
        builder.Property(f => f.Kind).HasVarcharColumn("kind", 32);
        builder.Property(f => f.FloorAt).HasEpochMillisecondsColumn("floor_at");
        builder.Property(f => f.UpdatedAt).HasEpochMillisecondsColumn("updated_at");
    }
}
