/** Public surface of the configuration module. */
export { ConfigError, formatIssue, type ConfigIssue } from './errors.ts';
export { loadConfig, parseConfig } from './load.ts';
export { configSchema, type AgentConfig, type Config, type ConfigInput, type ProviderConfig } from './schema.ts';
export { CONFIG_SCHEMA_ID, configJsonSchema } from './json-schema.ts';
export { compileGlobs } from './glob.ts';
export { embeddedDefaultConfig, STANDIN_API_KEY, type EmbeddedDefaultOptions } from './defaults.ts';
