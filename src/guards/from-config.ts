/** The detector guards a config asks for; the HTTP gateway and the stdio front door build them the same way. */
import type { Config } from '../config/schema.ts';
import { recognizersFor } from '../detect/registry.ts';
import { DataProtectionGuard } from './data-protection.ts';
import { InjectionGuard } from './injection.ts';

export interface DetectorGuards {
  readonly data?: DataProtectionGuard;
  readonly injection?: InjectionGuard;
}

export function detectorGuards(config: Config): DetectorGuards {
  return {
    ...(config.dataProtection === undefined ? {} : { data: new DataProtectionGuard(config.dataProtection, recognizersFor(config.dataProtection.detectors)) }),
    ...(config.injection === undefined ? {} : { injection: new InjectionGuard(config.injection) }),
  };
}
