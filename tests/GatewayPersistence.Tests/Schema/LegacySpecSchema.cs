namespace GatewayPersistence.Tests.Schema;

/// <summary>
/// The legacy schema as ../shared/spec/legacy-data-layer.md states it, written out by hand (not derived from our model)
/// so that a mapping mistake shows up as a difference. One block per table: columns (<c>name type [NOT NULL]
/// [DEFAULT v] [GENERATED]</c>), then keys and indexes, then foreign keys.
/// </summary>
internal static class LegacySpecSchema
{
    public const string Text = """
        users
          id varchar(255) NOT NULL
          username varchar(255) NOT NULL
          password_hash text NOT NULL
          created_at bigint NOT NULL DEFAULT now
          updated_at bigint NOT NULL
          PRIMARY (id)
          UNIQUE username (username)
          INDEX idx_username (username)

        providers
          id varchar(255) NOT NULL
          name varchar(255) NOT NULL
          description text
          base_url text NOT NULL
          protocol_mappings text
          api_key text NOT NULL
          model_mapping text
          enabled tinyint DEFAULT 1
          created_at bigint NOT NULL DEFAULT now
          updated_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_enabled (enabled)

        models
          id varchar(255) NOT NULL
          name varchar(255) NOT NULL
          provider_id varchar(255)
          model_identifier varchar(255) NOT NULL
          protocol varchar(50)
          is_virtual tinyint DEFAULT 0
          routing_config_id varchar(255)
          expert_routing_id varchar(255)
          enabled tinyint DEFAULT 1
          model_attributes text
          compression_config text
          created_at bigint NOT NULL DEFAULT now
          updated_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_models_provider (provider_id)
          INDEX idx_models_enabled (enabled)
          INDEX idx_models_is_virtual (is_virtual)
          INDEX idx_models_routing_config (routing_config_id)
          INDEX idx_models_compression_config (compression_config:255)
          INDEX idx_models_expert_routing (expert_routing_id)
          INDEX idx_models_protocol (protocol)
          FK provider_id -> providers(id) CASCADE

        virtual_keys
          id varchar(255) NOT NULL
          key_value varchar(255) NOT NULL
          key_hash varchar(255) NOT NULL
          name varchar(255) NOT NULL
          provider_id varchar(255)
          model_id varchar(255)
          routing_strategy varchar(50) DEFAULT single
          model_ids text
          routing_config text
          enabled tinyint DEFAULT 1
          rate_limit int
          cache_enabled tinyint DEFAULT 0
          disable_logging tinyint DEFAULT 0
          dynamic_compression_enabled tinyint DEFAULT 0
          image_compression_enabled tinyint DEFAULT 0
          intercept_zero_temperature tinyint DEFAULT 0
          zero_temperature_replacement decimal(3,2)
          pii_protection_enabled tinyint DEFAULT 0
          created_at bigint NOT NULL DEFAULT now
          updated_at bigint NOT NULL
          PRIMARY (id)
          UNIQUE key_value (key_value)
          UNIQUE key_hash (key_hash)
          INDEX idx_virtual_keys_hash (key_hash)
          INDEX idx_virtual_keys_value (key_value)
          INDEX idx_virtual_keys_provider (provider_id)
          INDEX idx_virtual_keys_model (model_id)
          FK provider_id -> providers(id) SET NULL
          FK model_id -> models(id) SET NULL

        system_config
          key varchar(255) NOT NULL
          value text NOT NULL
          description text
          updated_at bigint NOT NULL
          PRIMARY (key)

        api_requests
          id varchar(255) NOT NULL
          virtual_key_id varchar(255)
          provider_id varchar(255)
          model varchar(255)
          prompt_tokens int DEFAULT 0
          completion_tokens int DEFAULT 0
          total_tokens int GENERATED
          cached_tokens int DEFAULT 0
          status varchar(50)
          response_time int
          tfft_ms int
          tffb_ms int
          error_message text
          request_body mediumtext
          response_body mediumtext
          request_params_json json
          response_meta_json json
          cache_hit tinyint DEFAULT 0
          request_type varchar(50) DEFAULT chat
          compression_original_tokens int
          compression_saved_tokens int
          ip varchar(45)
          user_agent varchar(500)
          created_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_api_requests_created_at (created_at)
          INDEX idx_api_requests_virtual_key (virtual_key_id)
          INDEX idx_api_requests_provider (provider_id)
          INDEX idx_api_requests_status (status)
          INDEX idx_api_requests_ip_created_at (ip, created_at)
          INDEX idx_api_requests_vk_created_at (virtual_key_id, created_at)
          INDEX idx_api_requests_provider_created_at (provider_id, created_at)
          INDEX idx_api_requests_status_created_at (status, created_at)
          FK virtual_key_id -> virtual_keys(id) SET NULL
          FK provider_id -> providers(id) SET NULL

        routing_configs
          id varchar(255) NOT NULL
          name varchar(255) NOT NULL
          description text
          type varchar(50) NOT NULL
          config text NOT NULL
          enabled tinyint DEFAULT 1
          created_at bigint NOT NULL
          updated_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_type (type)
          INDEX idx_enabled (enabled)

        expert_routing_configs
          id varchar(255) NOT NULL
          name varchar(255) NOT NULL
          description text
          enabled tinyint DEFAULT 1
          config text NOT NULL
          created_at bigint NOT NULL
          updated_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_expert_routing_configs_enabled (enabled)
          INDEX idx_expert_routing_configs_created_at (created_at)

        expert_routing_logs
          id varchar(255) NOT NULL
          virtual_key_id varchar(255)
          expert_routing_id varchar(255) NOT NULL
          request_hash varchar(255) NOT NULL
          classifier_model varchar(255) NOT NULL
          classification_result varchar(255) NOT NULL
          selected_expert_id varchar(255) NOT NULL
          selected_expert_type varchar(50) NOT NULL
          selected_expert_name varchar(255) NOT NULL
          classification_time int
          original_request mediumtext
          classifier_request mediumtext
          classifier_response mediumtext
          route_source varchar(50)
          prompt_tokens int DEFAULT 0
          cleaned_content_length int DEFAULT 0
          created_at bigint NOT NULL
          PRIMARY (id)
          INDEX virtual_key_id (virtual_key_id)
          INDEX idx_expert_routing_logs_config (expert_routing_id)
          INDEX idx_expert_routing_logs_created_at (created_at)
          INDEX idx_expert_routing_logs_category (classification_result)
          FK virtual_key_id -> virtual_keys(id) SET NULL

        health_targets
          id varchar(255) NOT NULL
          name varchar(255) NOT NULL
          display_title varchar(255)
          type enum('model','virtual_model') NOT NULL
          target_id varchar(255) NOT NULL
          enabled tinyint DEFAULT 1
          check_interval_seconds int DEFAULT 300
          check_prompt text
          check_config text
          created_at bigint NOT NULL
          updated_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_health_targets_type (type)
          INDEX idx_health_targets_enabled (enabled)
          INDEX idx_health_targets_target_id (target_id)

        health_runs
          id varchar(255) NOT NULL
          target_id varchar(255) NOT NULL
          status enum('success','error') NOT NULL
          latency_ms int NOT NULL
          error_type varchar(100)
          error_message text
          request_id varchar(255)
          created_at bigint NOT NULL
          PRIMARY (id)
          INDEX idx_health_runs_target (target_id)
          INDEX idx_health_runs_created_at (created_at)
          INDEX idx_health_runs_status (status)
          FK target_id -> health_targets(id) CASCADE
        """;

    /// <summary>What later migrations add on top of the legacy schema (not in the spec, on purpose).</summary>
    public const string LaterAdditions = """
        api_requests
          INDEX idx_api_requests_created_at_stats (created_at, virtual_key_id, status, total_tokens, prompt_tokens, completion_tokens, cached_tokens, cache_hit, response_time)
          INDEX idx_api_requests_model_created_at (model, created_at)
        health_runs
          INDEX idx_health_runs_target_created_at (target_id, created_at)
        """;
}
