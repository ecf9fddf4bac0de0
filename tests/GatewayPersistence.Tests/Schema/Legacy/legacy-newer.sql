-- A database as the newest TypeScript gateway created it (create-tables script + every legacy migration),
-- including the harmless differences real deployments show: created_at defaults on more tables, the old
-- models.prompt_config column with its prefix index, and extra tables.
CREATE TABLE schema_migrations (version INT PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO schema_migrations VALUES (1, 'initial', 1700000000000), (2, 'add_later_columns', 1710000000000), (3, 'generated_total_tokens', 1720000000000);

CREATE TABLE users (
  id VARCHAR(255) PRIMARY KEY,
  username VARCHAR(255) NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  INDEX idx_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE providers (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  base_url TEXT NOT NULL,
  protocol_mappings TEXT,
  api_key TEXT NOT NULL,
  model_mapping TEXT,
  enabled TINYINT DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  INDEX idx_enabled (enabled)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE models (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  provider_id VARCHAR(255),
  model_identifier VARCHAR(255) NOT NULL,
  protocol VARCHAR(50),
  is_virtual TINYINT DEFAULT 0,
  routing_config_id VARCHAR(255),
  expert_routing_id VARCHAR(255),
  enabled TINYINT DEFAULT 1,
  model_attributes TEXT,
  compression_config TEXT,
  prompt_config TEXT,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE CASCADE,
  INDEX idx_models_provider (provider_id),
  INDEX idx_models_enabled (enabled),
  INDEX idx_models_is_virtual (is_virtual),
  INDEX idx_models_routing_config (routing_config_id),
  INDEX idx_models_compression_config (compression_config(255)),
  INDEX idx_models_prompt_config (prompt_config(255)),
  INDEX idx_models_expert_routing (expert_routing_id),
  INDEX idx_models_protocol (protocol)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE virtual_keys (
  id VARCHAR(255) PRIMARY KEY,
  key_value VARCHAR(255) NOT NULL UNIQUE,
  key_hash VARCHAR(255) NOT NULL UNIQUE,
  name VARCHAR(255) NOT NULL,
  provider_id VARCHAR(255),
  model_id VARCHAR(255),
  routing_strategy VARCHAR(50) DEFAULT 'single',
  model_ids TEXT,
  routing_config TEXT,
  enabled TINYINT DEFAULT 1,
  rate_limit INT,
  cache_enabled TINYINT DEFAULT 0,
  disable_logging TINYINT DEFAULT 0,
  dynamic_compression_enabled TINYINT DEFAULT 0,
  image_compression_enabled TINYINT DEFAULT 0,
  intercept_zero_temperature TINYINT DEFAULT 0,
  zero_temperature_replacement DECIMAL(3,2),
  pii_protection_enabled TINYINT DEFAULT 0,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE SET NULL,
  FOREIGN KEY (model_id) REFERENCES models(id) ON DELETE SET NULL,
  INDEX idx_virtual_keys_hash (key_hash),
  INDEX idx_virtual_keys_value (key_value),
  INDEX idx_virtual_keys_provider (provider_id),
  INDEX idx_virtual_keys_model (model_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE system_config (
  `key` VARCHAR(255) PRIMARY KEY,
  value TEXT NOT NULL,
  description TEXT,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_requests (
  id VARCHAR(255) PRIMARY KEY,
  virtual_key_id VARCHAR(255),
  provider_id VARCHAR(255),
  model VARCHAR(255),
  prompt_tokens INT DEFAULT 0,
  completion_tokens INT DEFAULT 0,
  total_tokens INT GENERATED ALWAYS AS (prompt_tokens + completion_tokens) STORED,
  cached_tokens INT DEFAULT 0,
  status VARCHAR(50),
  response_time INT,
  tfft_ms INT,
  tffb_ms INT,
  error_message TEXT,
  request_body MEDIUMTEXT,
  response_body MEDIUMTEXT,
  request_params_json JSON,
  response_meta_json JSON,
  cache_hit TINYINT DEFAULT 0,
  request_type VARCHAR(50) DEFAULT 'chat',
  compression_original_tokens INT,
  compression_saved_tokens INT,
  ip VARCHAR(45),
  user_agent VARCHAR(500),
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  FOREIGN KEY (virtual_key_id) REFERENCES virtual_keys(id) ON DELETE SET NULL,
  FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE SET NULL,
  INDEX idx_api_requests_created_at (created_at),
  INDEX idx_api_requests_virtual_key (virtual_key_id),
  INDEX idx_api_requests_provider (provider_id),
  INDEX idx_api_requests_status (status),
  INDEX idx_api_requests_ip_created_at (ip, created_at),
  INDEX idx_api_requests_vk_created_at (virtual_key_id, created_at),
  INDEX idx_api_requests_provider_created_at (provider_id, created_at),
  INDEX idx_api_requests_status_created_at (status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE routing_configs (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  type VARCHAR(50) NOT NULL,
  config TEXT NOT NULL,
  enabled TINYINT DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  INDEX idx_type (type),
  INDEX idx_enabled (enabled)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE expert_routing_configs (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  enabled TINYINT DEFAULT 1,
  config TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  INDEX idx_expert_routing_configs_enabled (enabled),
  INDEX idx_expert_routing_configs_created_at (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE expert_routing_logs (
  id VARCHAR(255) PRIMARY KEY,
  virtual_key_id VARCHAR(255),
  expert_routing_id VARCHAR(255) NOT NULL,
  request_hash VARCHAR(255) NOT NULL,
  classifier_model VARCHAR(255) NOT NULL,
  classification_result VARCHAR(255) NOT NULL,
  selected_expert_id VARCHAR(255) NOT NULL,
  selected_expert_type VARCHAR(50) NOT NULL,
  selected_expert_name VARCHAR(255) NOT NULL,
  classification_time INT,
  original_request MEDIUMTEXT,
  classifier_request MEDIUMTEXT,
  classifier_response MEDIUMTEXT,
  route_source VARCHAR(50),
  prompt_tokens INT DEFAULT 0,
  cleaned_content_length INT DEFAULT 0,
  created_at BIGINT NOT NULL,
  FOREIGN KEY (virtual_key_id) REFERENCES virtual_keys(id) ON DELETE SET NULL,
  INDEX idx_expert_routing_logs_config (expert_routing_id),
  INDEX idx_expert_routing_logs_created_at (created_at),
  INDEX idx_expert_routing_logs_category (classification_result)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE health_targets (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  display_title VARCHAR(255),
  type ENUM('model','virtual_model') NOT NULL,
  target_id VARCHAR(255) NOT NULL,
  enabled TINYINT DEFAULT 1,
  check_interval_seconds INT DEFAULT 300,
  check_prompt TEXT,
  check_config TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  INDEX idx_health_targets_type (type),
  INDEX idx_health_targets_enabled (enabled),
  INDEX idx_health_targets_target_id (target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE health_runs (
  id VARCHAR(255) PRIMARY KEY,
  target_id VARCHAR(255) NOT NULL,
  status ENUM('success','error') NOT NULL,
  latency_ms INT NOT NULL,
  error_type VARCHAR(100),
  error_message TEXT,
  request_id VARCHAR(255),
  created_at BIGINT NOT NULL,
  FOREIGN KEY (target_id) REFERENCES health_targets(id) ON DELETE CASCADE,
  INDEX idx_health_runs_target (target_id),
  INDEX idx_health_runs_created_at (created_at),
  INDEX idx_health_runs_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE backup_records (id VARCHAR(255) PRIMARY KEY, file_name VARCHAR(255), created_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO backup_records VALUES ('b1', 'backup-2024-01-01.sql.gz', 1704067200000);
