import type { Scenario } from '../runner.ts';
import { gatewayBasics } from './gateway-basics.ts';
import { dataProtection } from './data-protection.ts';
import { policyGovernance } from './policy-governance.ts';

/** The demo's scenarios, in the order they run. Each feature adds its own here. */
export const DEMO_SCENARIOS: readonly Scenario[] = [gatewayBasics, policyGovernance, dataProtection];
