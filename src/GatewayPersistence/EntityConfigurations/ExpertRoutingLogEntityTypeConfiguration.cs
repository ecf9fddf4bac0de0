using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class ExpertRoutingLogEntityTypeConfiguration : IEntityTypeConfiguration<ExpertRoutingLog>
{
    public void Configure(EntityTypeBuilder<ExpertRoutingLog> builder)
    {
        builder.ToTable("expert_routing_logs");
        builder.HasKey(l => l.Id).HasName("PRIMARY");

        builder.Property(l => l.Id).HasVarcharColumn("id", 255);
        builder.Property(l => l.VirtualKeyId).HasVarcharColumn("virtual_key_id", 255);
        builder.Property(l => l.ExpertRoutingId).HasVarcharColumn("expert_routing_id", 255).IsRequired();
        builder.Property(l => l.RequestHash).HasVarcharColumn("request_hash", 255).IsRequired();
        builder.Property(l => l.ClassifierModel).HasVarcharColumn("classifier_model", 255).IsRequired();
        builder.Property(l => l.ClassificationResult).HasVarcharColumn("classification_result", 255).IsRequired();
        builder.Property(l => l.SelectedExpertId).HasVarcharColumn("selected_expert_id", 255).IsRequired();
        builder.Property(l => l.SelectedExpertType).HasVarcharColumn("selected_expert_type", 50).IsRequired();
        builder.Property(l => l.SelectedExpertName).HasVarcharColumn("selected_expert_name", 255).IsRequired();
        builder.Property(l => l.ClassificationTime).HasColumnName("classification_time").HasColumnType("int");
        builder.Property(l => l.OriginalRequest).HasTextColumn("original_request", "mediumtext");
        builder.Property(l => l.ClassifierRequest).HasTextColumn("classifier_request", "mediumtext");
        builder.Property(l => l.ClassifierResponse).HasTextColumn("classifier_response", "mediumtext");
        builder.Property(l => l.RouteSource).HasVarcharColumn("route_source", 50);
        builder.Property(l => l.PromptTokens).HasColumnName("prompt_tokens").HasColumnType("int").HasStoreDefault(0);
        builder.Property(l => l.CleanedContentLength).HasColumnName("cleaned_content_length").HasColumnType("int").HasStoreDefault(0);
        builder.Property(l => l.CreatedAt).HasEpochMillisecondsColumn("created_at");

        // MySQL names the index it creates for an unnamed foreign key after the column.
        builder.HasOne<VirtualKey>().WithMany().HasForeignKey(l => l.VirtualKeyId)
            .HasConstraintName("expert_routing_logs_ibfk_1").OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => l.VirtualKeyId, "virtual_key_id");

        builder.HasIndex(l => l.ExpertRoutingId, "idx_expert_routing_logs_config");
        builder.HasIndex(l => l.CreatedAt, "idx_expert_routing_logs_created_at");
        builder.HasIndex(l => l.ClassificationResult, "idx_expert_routing_logs_category");
    }
}
