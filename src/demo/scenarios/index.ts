import type { Scenario } from '../runner.ts';
import { gatewayBasics } from './gateway-basics.ts';
import { dataProtection } from './data-protection.ts';
import { mcpGateway } from './mcp-gateway.ts';
import { policyGovernance } from './policy-governance.ts';
import { promptInjection } from './prompt-injection.ts';

/** The demo's scenarios, in the order they run. Each feature adds its own here. */
export const DEMO_SCENARIOS: readonly Scenario[] = [gatewayBasics, policyGovernance, promptInjection, dataProtection, mcpGateway];
