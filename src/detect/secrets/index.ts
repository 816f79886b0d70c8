/**
 * The secrets detector's recognizers: gitleaks's default rules (SECRET_<RULE_ID>), private key
 * blocks (SECRET_PRIVATE_KEY), JWTs (SECRET_JWT) and high-entropy values assigned to words that
 * name a secret (SECRET_GENERIC). They share one pass over the text for all their literals.
 * Where two find the same characters, scanText keeps the stronger, longer finding.
 */
import type { Recognizer } from '../types.ts';
import { genericRecognizer } from './generic.ts';
import { GITLEAKS_RECOGNIZER } from './gitleaks.ts';
import { jwtRecognizer } from './jwt.ts';
import { privateKeyRecognizer } from './private-key.ts';

export const SECRET_RECOGNIZERS: readonly Recognizer[] = [GITLEAKS_RECOGNIZER, privateKeyRecognizer, jwtRecognizer, genericRecognizer];
