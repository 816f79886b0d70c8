/**
 * `portcullis scan`: the detectors, outside the gateway. An exact contract other tools rely on:
 *
 *   portcullis scan --jsonl [--detectors pii,secrets,injection] [--redact] < in.jsonl > out.jsonl
 *
 * Input: one JSON object per line, {"id": ..., "text": "...", "source": "user" | "system" | "tool",
 * "system": "..."}. The injection detector reads "source": "tool" as indirect input (a tool result
 * or retrieved document), "system" as the operator's system prompt, and anything else as direct
 * input (a user's message), which, with "system" given (the prompt it was sent under), is also
 * read against what that prompt withholds, as the gateway reads it (guarded.ts); the other
 * detectors ignore both.
 * Output: exactly one line per input line, in order:
 *   {"id": ..., "findings": [{"detector": "pii", "type": "US_SSN", "start": 12, "end": 23, "score": 0.85}]}
 * with offsets in UTF-16 code units into `text`, end exclusive, findings in text order, and
 * with --redact also "redacted": the text with each finding replaced by [TYPE]. A line that is
 * not such an object gives {"id": <its id or null>, "error": "..."} and the exit code is 1.
 * Without --jsonl, stdin is scanned as one text and a readable table is printed.
 */
import { createInterface } from 'node:readline';
import { detectAttackOnPrompt } from '../detect/injection/guarded.ts';
import { detectInjection } from '../detect/injection/index.ts';
import { recognizersFor, type ScanDetector } from '../detect/registry.ts';
import { resolveOverlaps, scanText } from '../detect/scan.ts';
import { transformText } from '../detect/transform.ts';
import type { Detection, Recognizer } from '../detect/types.ts';
import { textTable } from '../observe/text-table.ts';
import { parseCommandLine, UsageError } from './usage.ts';

const KNOWN: readonly string[] = ['pii', 'secrets', 'injection'];

/** What runs: the recognizers of pii and secrets, and whether the injection detector does. */
interface Detectors { readonly recognizers: readonly Recognizer[]; readonly injection: boolean }

/** Every finding of the chosen detectors in `text`, in text order (injection findings merged with the rest). */
function detect(text: string, source: unknown, detectors: Detectors, system?: string): Detection[] {
  const findings = detectors.recognizers.length > 0 ? scanText(text, detectors.recognizers) : [];
  if (!detectors.injection) return findings;
  const input = source === 'tool' ? 'indirect' : source === 'system' ? 'system' : 'direct';
  const injection = detectInjection(text, input).findings;
  // A request for what its prompt withholds, unless the detector already reported that passage.
  const asked = input === 'direct' && system !== undefined ? detectAttackOnPrompt(system, text) : null;
  if (asked !== null && !injection.some((f) => f.type === 'PROMPT_INJECTION' && f.start < asked.end && asked.start < f.end)) injection.push(asked);
  return [...findings, ...injection].sort((a, b) => a.start - b.start || a.end - b.end);
}

export async function runScan(args: string[]): Promise<void> {
  const { values } = parseCommandLine('scan', args, {
    jsonl: { type: 'boolean', default: false },
    detectors: { type: 'string', default: 'pii,secrets' },
    redact: { type: 'boolean', default: false },
  });
  const detectors = values.detectors.split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of detectors) {
    if (!KNOWN.includes(d)) throw new UsageError(`portcullis scan: unknown detector '${d}' (known: ${KNOWN.join(', ')})`);
  }
  const chosen: Detectors = {
    recognizers: recognizersFor(detectors.filter((d): d is ScanDetector => d === 'pii' || d === 'secrets')),
    injection: detectors.includes('injection'),
  };
  if (values.jsonl) return scanLines(chosen, values.redact);
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const findings = detect(text, 'user', chosen);
  console.log(table(text, findings));
  if (values.redact) console.log(`\n${redact(text, findings)}`);
}

async function scanLines(detectors: Detectors, withRedacted: boolean): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  let failed = false;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    let input: unknown;
    try {
      input = JSON.parse(line);
    } catch {
      failed = true;
      process.stdout.write(`${JSON.stringify({ id: null, error: `line ${number}: not JSON` })}\n`);
      continue;
    }
    const id = typeof input === 'object' && input !== null && 'id' in input ? (input as { id: unknown }).id : null;
    const text = typeof input === 'object' && input !== null ? (input as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') {
      failed = true;
      process.stdout.write(`${JSON.stringify({ id, error: `line ${number}: "text" must be a string` })}\n`);
      continue;
    }
    const system = (input as { system?: unknown }).system;
    if (system !== undefined && typeof system !== 'string') {
      failed = true;
      process.stdout.write(`${JSON.stringify({ id, error: `line ${number}: "system" must be a string` })}\n`);
      continue;
    }
    const findings = detect(text, (input as { source?: unknown }).source, detectors, system);
    const out = {
      id,
      findings: findings.map(({ detector, type, start, end, score }) => ({ detector, type, start, end, score })),
      ...(withRedacted ? { redacted: redact(text, findings) } : {}),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  if (failed) process.exitCode = 1;
}

function redact(text: string, findings: readonly Detection[]): string {
  // An injection passage can hold a PII finding or an invisible run: masking needs disjoint spans.
  return transformText(text, resolveOverlaps(findings), () => 'mask').text;
}

function table(text: string, findings: readonly Detection[]): string {
  if (findings.length === 0) return 'no findings';
  const rows = findings.map((f) => [f.detector, f.type, `${f.start}-${f.end}`, f.score.toFixed(2), preview(text.slice(f.start, f.end))]);
  return textTable(['detector', 'type', 'span', 'score', 'value (partly hidden)'], rows);
}

/** Enough of a value to recognise it on screen, not enough to copy it from a terminal recording. */
function preview(value: string): string {
  return value.length <= 4 ? '*'.repeat(value.length) : `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 12))}${value.slice(-2)}`;
}
