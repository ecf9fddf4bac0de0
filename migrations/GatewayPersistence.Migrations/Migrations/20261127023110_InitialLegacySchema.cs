using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GatewayPersistence.Migrations.Migrations
{
    /// <summary>
    /// The schema the TypeScript gateway created, exactly (newest legacy shape: every "later" column, and
    /// <c>total_tokens</c> generated). Edited by hand in one respect: the TINYINT flag columns are nullable, as in every
    /// legacy database, while the model maps them to <see cref="bool"/> (EF cannot mark a bool optional, efcore#24685);
    /// the library always writes them, and adoption refuses a database that holds a NULL flag.
    /// </summary>
    public partial class InitialLegacySchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "expert_routing_configs",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    description = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    config = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "health_targets",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    display_title = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    type = table.Column<string>(type: "enum('model','virtual_model')", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    target_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    check_interval_seconds = table.Column<int>(type: "int", nullable: true, defaultValue: 300),
                    check_prompt = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    check_config = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "providers",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    description = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    base_url = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    protocol_mappings = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    api_key = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model_mapping = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(UNIX_TIMESTAMP() * 1000)"),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "routing_configs",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    description = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    type = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    config = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "system_config",
                columns: table => new
                {
                    key = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    value = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    description = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.key);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    username = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    password_hash = table.Column<string>(type: "text", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(UNIX_TIMESTAMP() * 1000)"),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "health_runs",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    target_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    status = table.Column<string>(type: "enum('success','error')", nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    latency_ms = table.Column<int>(type: "int", nullable: false),
                    error_type = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    error_message = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    request_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                    table.ForeignKey(
                        name: "health_runs_ibfk_1",
                        column: x => x.target_id,
                        principalTable: "health_targets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    provider_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model_identifier = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    protocol = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    is_virtual = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    routing_config_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    expert_routing_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    model_attributes = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    compression_config = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(UNIX_TIMESTAMP() * 1000)"),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                    table.ForeignKey(
                        name: "models_ibfk_1",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "virtual_keys",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    key_value = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    key_hash = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    provider_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    routing_strategy = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true, defaultValue: "single", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model_ids = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    routing_config = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: true),
                    rate_limit = table.Column<int>(type: "int", nullable: true),
                    cache_enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    disable_logging = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    dynamic_compression_enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    image_compression_enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    intercept_zero_temperature = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    zero_temperature_replacement = table.Column<decimal>(type: "decimal(3,2)", precision: 3, scale: 2, nullable: true),
                    pii_protection_enabled = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false, defaultValueSql: "(UNIX_TIMESTAMP() * 1000)"),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                    table.ForeignKey(
                        name: "virtual_keys_ibfk_1",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "virtual_keys_ibfk_2",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "api_requests",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    virtual_key_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    provider_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    model = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    prompt_tokens = table.Column<int>(type: "int", nullable: true, defaultValue: 0),
                    completion_tokens = table.Column<int>(type: "int", nullable: true, defaultValue: 0),
                    total_tokens = table.Column<int>(type: "int", nullable: true, computedColumnSql: "`prompt_tokens` + `completion_tokens`", stored: true),
                    cached_tokens = table.Column<int>(type: "int", nullable: true, defaultValue: 0),
                    status = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    response_time = table.Column<int>(type: "int", nullable: true),
                    tfft_ms = table.Column<int>(type: "int", nullable: true),
                    tffb_ms = table.Column<int>(type: "int", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    request_body = table.Column<string>(type: "mediumtext", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    response_body = table.Column<string>(type: "mediumtext", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    request_params_json = table.Column<string>(type: "json", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    response_meta_json = table.Column<string>(type: "json", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    cache_hit = table.Column<bool>(type: "tinyint(1)", nullable: true, defaultValue: false),
                    request_type = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true, defaultValue: "chat", collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    compression_original_tokens = table.Column<int>(type: "int", nullable: true),
                    compression_saved_tokens = table.Column<int>(type: "int", nullable: true),
                    ip = table.Column<string>(type: "varchar(45)", maxLength: 45, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    user_agent = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                    table.ForeignKey(
                        name: "api_requests_ibfk_1",
                        column: x => x.virtual_key_id,
                        principalTable: "virtual_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "api_requests_ibfk_2",
                        column: x => x.provider_id,
                        principalTable: "providers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateTable(
                name: "expert_routing_logs",
                columns: table => new
                {
                    id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    virtual_key_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    expert_routing_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    request_hash = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    classifier_model = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    classification_result = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    selected_expert_id = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    selected_expert_type = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    selected_expert_name = table.Column<string>(type: "varchar(255)", maxLength: 255, nullable: false, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    classification_time = table.Column<int>(type: "int", nullable: true),
                    original_request = table.Column<string>(type: "mediumtext", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    classifier_request = table.Column<string>(type: "mediumtext", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    classifier_response = table.Column<string>(type: "mediumtext", nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    route_source = table.Column<string>(type: "varchar(50)", maxLength: 50, nullable: true, collation: "utf8mb4_unicode_ci")
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    prompt_tokens = table.Column<int>(type: "int", nullable: true, defaultValue: 0),
                    cleaned_content_length = table.Column<int>(type: "int", nullable: true, defaultValue: 0),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PRIMARY", x => x.id);
                    table.ForeignKey(
                        name: "expert_routing_logs_ibfk_1",
                        column: x => x.virtual_key_id,
                        principalTable: "virtual_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                })
                .Annotation("MySql:CharSet", "utf8mb4")
                .Annotation("Relational:Collation", "utf8mb4_unicode_ci");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_created_at",
                table: "api_requests",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_ip_created_at",
                table: "api_requests",
                columns: new[] { "ip", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_provider",
                table: "api_requests",
                column: "provider_id");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_provider_created_at",
                table: "api_requests",
                columns: new[] { "provider_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_status",
                table: "api_requests",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_status_created_at",
                table: "api_requests",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_virtual_key",
                table: "api_requests",
                column: "virtual_key_id");

            migrationBuilder.CreateIndex(
                name: "idx_api_requests_vk_created_at",
                table: "api_requests",
                columns: new[] { "virtual_key_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_expert_routing_configs_created_at",
                table: "expert_routing_configs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_expert_routing_configs_enabled",
                table: "expert_routing_configs",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "idx_expert_routing_logs_category",
                table: "expert_routing_logs",
                column: "classification_result");

            migrationBuilder.CreateIndex(
                name: "idx_expert_routing_logs_config",
                table: "expert_routing_logs",
                column: "expert_routing_id");

            migrationBuilder.CreateIndex(
                name: "idx_expert_routing_logs_created_at",
                table: "expert_routing_logs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "virtual_key_id",
                table: "expert_routing_logs",
                column: "virtual_key_id");

            migrationBuilder.CreateIndex(
                name: "idx_health_runs_created_at",
                table: "health_runs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_health_runs_status",
                table: "health_runs",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "idx_health_runs_target",
                table: "health_runs",
                column: "target_id");

            migrationBuilder.CreateIndex(
                name: "idx_health_targets_enabled",
                table: "health_targets",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "idx_health_targets_target_id",
                table: "health_targets",
                column: "target_id");

            migrationBuilder.CreateIndex(
                name: "idx_health_targets_type",
                table: "health_targets",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "idx_models_compression_config",
                table: "models",
                column: "compression_config")
                .Annotation("MySql:IndexPrefixLength", new[] { 255 });

            migrationBuilder.CreateIndex(
                name: "idx_models_enabled",
                table: "models",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "idx_models_expert_routing",
                table: "models",
                column: "expert_routing_id");

            migrationBuilder.CreateIndex(
                name: "idx_models_is_virtual",
                table: "models",
                column: "is_virtual");

            migrationBuilder.CreateIndex(
                name: "idx_models_protocol",
                table: "models",
                column: "protocol");

            migrationBuilder.CreateIndex(
                name: "idx_models_provider",
                table: "models",
                column: "provider_id");

            migrationBuilder.CreateIndex(
                name: "idx_models_routing_config",
                table: "models",
                column: "routing_config_id");

            migrationBuilder.CreateIndex(
                name: "idx_enabled",
                table: "providers",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "idx_enabled",
                table: "routing_configs",
                column: "enabled");

            migrationBuilder.CreateIndex(
                name: "idx_type",
                table: "routing_configs",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "idx_username",
                table: "users",
                column: "username");

            migrationBuilder.CreateIndex(
                name: "username",
                table: "users",
                column: "username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_virtual_keys_hash",
                table: "virtual_keys",
                column: "key_hash");

            migrationBuilder.CreateIndex(
                name: "idx_virtual_keys_model",
                table: "virtual_keys",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "idx_virtual_keys_provider",
                table: "virtual_keys",
                column: "provider_id");

            migrationBuilder.CreateIndex(
                name: "idx_virtual_keys_value",
                table: "virtual_keys",
                column: "key_value");

            migrationBuilder.CreateIndex(
                name: "key_hash",
                table: "virtual_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "key_value",
                table: "virtual_keys",
                column: "key_value",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_requests");

            migrationBuilder.DropTable(
                name: "expert_routing_configs");

            migrationBuilder.DropTable(
                name: "expert_routing_logs");

            migrationBuilder.DropTable(
                name: "health_runs");

            migrationBuilder.DropTable(
                name: "routing_configs");

            migrationBuilder.DropTable(
                name: "system_config");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "virtual_keys");

            migrationBuilder.DropTable(
                name: "health_targets");

            migrationBuilder.DropTable(
                name: "models");

            migrationBuilder.DropTable(
                name: "providers");
        }
    }
}
