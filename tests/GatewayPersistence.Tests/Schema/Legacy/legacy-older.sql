-- A database of an older TypeScript gateway deployment: no "later" columns or indexes, total_tokens a plain column.
CREATE TABLE schema_migrations (version INT PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO schema_migrations VALUES (1, 'initial', 1700000000000);

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
  is_virtual TINYINT DEFAULT 0,
  routing_config_id VARCHAR(255),
  enabled TINYINT DEFAULT 1,
  created_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP() * 1000),
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE CASCADE,
  INDEX idx_models_provider (provider_id),
  INDEX idx_models_enabled (enabled),
  INDEX idx_models_is_virtual (is_virtual),
  INDEX idx_models_routing_config (routing_config_id)
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
  total_tokens INT,
  cached_tokens INT DEFAULT 0,
  status VARCHAR(50),
  response_time INT,
  error_message TEXT,
  request_body MEDIUMTEXT,
  response_body MEDIUMTEXT,
  cache_hit TINYINT DEFAULT 0,
  request_type VARCHAR(50) DEFAULT 'chat',
  compression_original_tokens INT,
  compression_saved_tokens INT,
  created_at BIGINT NOT NULL,
  FOREIGN KEY (virtual_key_id) REFERENCES virtual_keys(id) ON DELETE SET NULL,
  FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE SET NULL,
  INDEX idx_api_requests_created_at (created_at),
  INDEX idx_api_requests_virtual_key (virtual_key_id),
  INDEX idx_api_requests_provider (provider_id),
  INDEX idx_api_requests_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE routing_configs (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  description TEXT,
  type VARCHAR(50) NOT NULL,
  config TEXT NOT NULL,
  enabled TINYINT DEFAULT 1,
  created_at BIGINT NOT NULL,
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
  created_at BIGINT NOT NULL,
  FOREIGN KEY (virtual_key_id) REFERENCES virtual_keys(id) ON DELETE SET NULL,
  INDEX idx_expert_routing_logs_config (expert_routing_id),
  INDEX idx_expert_routing_logs_created_at (created_at),
  INDEX idx_expert_routing_logs_category (classification_result)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE health_targets (
  id VARCHAR(255) PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
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

