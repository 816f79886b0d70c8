/** The detector guards a config asks for; the HTTP gateway and the stdio front door build them the same way. */
import type { Config } from '../config/schema.ts';
import { recognizersFor } from '../detect/registry.ts';
import { DataProtectionGuard } from './data-protection.ts';
import { ExfilLinkGuard } from './exfil-links.ts';
import { InjectionGuard } from './injection.ts';

export interface DetectorGuards {
  readonly data?: DataProtectionGuard;
  readonly injection?: InjectionGuard;
  /** Images in model output that would carry data out (`injection.links`; LLM responses only). */
  readonly links?: ExfilLinkGuard;
}

export function detectorGuards(config: Config): DetectorGuards {
  return {
    ...(config.dataProtection === undefined ? {} : { data: new DataProtectionGuard(config.dataProtection, recognizersFor(config.dataProtection.detectors)) }),
    ...(config.injection === undefined ? {} : { injection: new InjectionGuard(config.injection) }),
    ...(config.injection === undefined || config.injection.links.action === 'off' ? {} : { links: new ExfilLinkGuard(config.injection.links) }),
  };
}
