using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ApiRequestKeyHourlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_request_key_hourly_rollups",
                columns: table => new
                {
                    virtual_key_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, defaultValue: "", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    hour_start = table.Column<long>(type: "bigint", nullable: false),
                    request_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    success_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    error_count = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    total_tokens = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => new { x.virtual_key_id, x.hour_start });
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_created_at_trend",
                table: "api_requests",
                columns: new[] { "created_at", "virtual_key_id", "status", "total_tokens" });

            migrationBuilder.CreateIndex(
                name: "idx_api_request_key_hourly_rollups_hour",
                table: "api_request_key_hourly_rollups",
                column: "hour_start");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_request_key_hourly_rollups");

            migrationBuilder.DropIndex(
                name: "idx_api_requests_created_at_trend",
                table: "api_requests");
        }
    }
}
