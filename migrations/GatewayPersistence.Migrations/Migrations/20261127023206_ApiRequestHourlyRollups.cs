using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ApiRequestHourlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_request_hourly_rollups",
                columns: table => new
                {
                    hour_start = table.Column<long>(type: "bigint", nullable: false),
                    virtual_key_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, defaultValue: "", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    provider_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, defaultValue: "", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, defaultValue: "", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    request_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    success_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    error_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    prompt_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    completion_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    total_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    cached_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    uncached_prompt_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    uncached_completion_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    uncached_total_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    cache_hit_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    prompt_cache_hit_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    response_time_sum = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    response_time_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => new { x.hour_start, x.virtual_key_id, x.provider_id, x.model });
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "idx_api_request_hourly_rollups_model_hour",
                table: "api_request_hourly_rollups",
                columns: new[] { "model", "hour_start" });

            migrationBuilder.CreateIndex(
                name: "idx_api_request_hourly_rollups_provider_hour",
                table: "api_request_hourly_rollups",
                columns: new[] { "provider_id", "hour_start" });

            migrationBuilder.CreateIndex(
                name: "idx_api_request_hourly_rollups_vk_hour",
                table: "api_request_hourly_rollups",
                columns: new[] { "virtual_key_id", "hour_start" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_request_hourly_rollups");
        }
    }
}
