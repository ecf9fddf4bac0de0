using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ApiRequestStatsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_api_requests_created_at_trend",
                table: "api_requests");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_created_at_stats",
                table: "api_requests",
                columns: new[] { "created_at", "virtual_key_id", "status", "total_tokens", "prompt_tokens", "completion_tokens", "cached_tokens", "cache_hit", "response_time" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_api_requests_created_at_stats",
                table: "api_requests");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_created_at_trend",
                table: "api_requests",
                columns: new[] { "created_at", "virtual_key_id", "status", "total_tokens" });
        }
    }
}
