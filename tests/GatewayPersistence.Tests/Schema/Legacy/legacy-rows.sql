-- Rows in every table, written as the TypeScript gateway wrote them (only columns every legacy shape has).
INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES
  ('V1StGXR8_Z5jdHi6B-myT', 'admin', 'a1b2c3:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8', 1700000000123, 1700000000456),
  ('u2', 'ops 運用 👩‍💻', 'ff00:00', 1700000001000, 1700000002000);
INSERT INTO providers (id, name, description, base_url, api_key, model_mapping, enabled, created_at, updated_at) VALUES
  ('p1', 'OpenAI', 'primary upstream', 'https://api.openai.com/v1', '0123456789abcdef:deadbeefcafebabe', '{"gpt-4":"gpt-4-0613"}', 1, 1700000000000, 1700000000000),
  ('p2', 'Backup \'quoted\' \\ provider', NULL, 'http://10.0.0.1:8080', 'aa:bb', NULL, 0, 1700000005000, 1700000006000);
INSERT INTO models (id, name, provider_id, model_identifier, is_virtual, routing_config_id, enabled, created_at, updated_at) VALUES
  ('m1', 'gpt-4', 'p1', 'gpt-4-0613', 0, NULL, 1, 1700000000000, 1700000000000),
  ('m2', 'smart-router', NULL, 'virtual', 1, 'rc1', 0, 1700000000001, 1700000000002);
INSERT INTO virtual_keys (id, key_value, key_hash, name, provider_id, model_id, routing_strategy, model_ids, routing_config, enabled, rate_limit, cache_enabled, disable_logging, created_at, updated_at) VALUES
  ('k1', 'vk_abcdefghijklmnopqrstu', 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', 'team A', 'p1', 'm1', 'single', NULL, NULL, 1, 60, 1, 0, 1700000000000, 1700000000000),
  ('k2', 'custom-key_01', '0000000000000000000000000000000000000000000000000000000000000000', 'quiet 🤫', NULL, NULL, 'loadbalance', '["m1","m2"]', '{"weights":[1,2]}', 0, NULL, 0, 1, 1700000000000, 1700000000000);
INSERT INTO system_config (`key`, value, description, updated_at) VALUES
  ('logging.enabled', 'true', 'log requests', 1700000000000),
  ('retention.days', '3', NULL, 1700000000001);
INSERT INTO api_requests (id, virtual_key_id, provider_id, model, prompt_tokens, completion_tokens, cached_tokens, status, response_time, error_message, request_body, response_body, cache_hit, request_type, compression_original_tokens, compression_saved_tokens, created_at) VALUES
  ('r1', 'k1', 'p1', 'gpt-4', 10, 20, 0, 'success', 1234, NULL, '{"messages":[{"role":"user","content":"héllo 👋"}]}', '{"choices":[]}', 0, 'chat', NULL, NULL, 1700000000000),
  ('r2', NULL, NULL, NULL, 0, 0, 0, 'error', 0, 'upstream said: \'no\'', NULL, NULL, 0, 'chat', 100, 40, 1700000003600),
  ('r3', 'k2', 'p1', 'gpt-4', 5, 0, 5, 'success', NULL, NULL, NULL, NULL, 1, 'embeddings', NULL, NULL, 1700000007200);
INSERT INTO routing_configs (id, name, description, type, config, enabled, created_at, updated_at) VALUES
  ('rc1', 'lb', NULL, 'loadbalance', '{"targets":["m1"]}', 1, 1700000000000, 1700000000000);
INSERT INTO expert_routing_configs (id, name, description, enabled, config, created_at, updated_at) VALUES
  ('er1', 'experts', 'classify', 1, '{"categories":["code","chat"]}', 1700000000000, 1700000000000);
INSERT INTO expert_routing_logs (id, virtual_key_id, expert_routing_id, request_hash, classifier_model, classification_result, selected_expert_id, selected_expert_type, selected_expert_name, classification_time, original_request, classifier_request, classifier_response, created_at) VALUES
  ('el1', 'k1', 'er1', 'h1', 'gpt-4o-mini', 'code', 'm1', 'model', 'GPT-4', 120, 'write code', '{}', '{"category":"code"}', 1700000000000),
  ('el2', NULL, 'er1', 'h2', 'gpt-4o-mini', 'chat', 'm2', 'virtual', 'router', NULL, NULL, NULL, NULL, 1700000000500);
INSERT INTO health_targets (id, name, type, target_id, enabled, check_interval_seconds, check_prompt, check_config, created_at, updated_at) VALUES
  ('ht1', 'gpt-4 health', 'model', 'm1', 1, 300, 'ping', '{"timeout":30}', 1700000000000, 1700000000000),
  ('ht2', 'router health', 'virtual_model', 'm2', 0, 60, NULL, NULL, 1700000000000, 1700000000000);
INSERT INTO health_runs (id, target_id, status, latency_ms, error_type, error_message, request_id, created_at) VALUES
  ('hr1', 'ht1', 'success', 250, NULL, NULL, 'r1', 1700000000000),
  ('hr2', 'ht1', 'error', 30000, 'timeout', 'timed out', NULL, 1700000300000);
