using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class HealthRunsTargetCreatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_health_runs_target_created_at",
                table: "health_runs",
                columns: new[] { "target_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_health_runs_target_created_at",
                table: "health_runs");
        }
    }
}
