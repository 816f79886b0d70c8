/**
 * MCP inventory: pinning (definition hashes and the lockfile), the poisoning scan, the risk
 * register and the scan report. Pure modules: the proxy and the CLI do the networking.
 */
export { canonicalDefinition, definitionContent, definitionHash, DefinitionError, DEFINITION_KINDS, KIND_LISTS, PINNED_FIELDS, serverContent, type DefinitionKind, type McpDefinition, type ServerIdentity } from './definition.ts';
export { loadLockfile, Lockfile, LockfileError, parseLockfile, saveLockfile, serializeLockfile, type Approval, type ApprovalStatus, type LockEntry } from './lockfile.ts';
export { findNameCollisions, type NameCollision } from './collisions.ts';
export { scanDefinition, type InjectionCheck, type PoisonFinding, type PoisonType, type ScanContext, type ToolRef } from './poisoning.ts';
export { CAPABILITIES, classifyTool, TAG_CAPABILITIES, type Capability, type ToolClassification } from './risk.ts';
export { renderRiskRegister, riskLevel, riskRegister, riskRegisterJson, type AgentBlastRadius, type RiskLevel, type RiskRegister, type RiskRegisterOptions, type ToolRisk } from './risk-register.ts';
export { renderScan, scanInventory, scanSummary, type DefinitionReport, type ScanReport, type ScanSummary, type ServerInventory, type ServerReport } from './report.ts';
