using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GatewayPersistence.EntityConfigurations;

internal sealed class UserEntityTypeConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id).HasName("PRIMARY");

        builder.Property(u => u.Id).HasVarcharColumn("id", 255);
        builder.Property(u => u.Username).HasVarcharColumn("username", 255).IsRequired();
        builder.Property(u => u.PasswordHash).HasTextColumn("password_hash").IsRequired();
        builder.Property(u => u.CreatedAt).HasCreatedAtDefaultingToNow();
        builder.Property(u => u.UpdatedAt).HasEpochMillisecondsColumn("updated_at");

        builder.HasIndex(u => u.Username, "username").IsUnique();
        builder.HasIndex(u => u.Username, "idx_username");
    }
}
