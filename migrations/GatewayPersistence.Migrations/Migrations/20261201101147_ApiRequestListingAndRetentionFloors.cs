using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ApiRequestListingAndRetentionFloors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_request_retention_floors",
                columns: table => new
                {
                    kind = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    floor_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.kind);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_model_created_at",
                table: "api_requests",
                columns: new[] { "model", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_request_retention_floors");

            migrationBuilder.DropIndex(
                name: "idx_api_requests_model_created_at",
                table: "api_requests");
        }
    }
}
