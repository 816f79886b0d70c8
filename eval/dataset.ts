/**
 * The presidio-research synthetic data set (synth_dataset_v2.json, MIT, Microsoft): 1,500
 * sentences from 209 templates filled with Faker values, each with its gold spans. This module
 * loads it, maps its labels to Portcullis's entity types and splits it for tuning.
 */
import { readFileSync } from 'node:fs';

export interface Span { readonly type: string; readonly start: number; readonly end: number }
export interface Sample { readonly id: number; readonly text: string; readonly template: number; readonly gold: readonly Span[] }

interface RawSample {
  full_text: string;
  template_id: number;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}

/**
 * Data set label -> Portcullis (Presidio) entity type. Labels mapped to `null` are not
 * evaluated; see eval/README.md for why.
 */
export const LABEL_MAP: Readonly<Record<string, string | null>> = {
  PERSON: 'PERSON',
  GPE: 'LOCATION', // geo-political entity: cities, states, countries (Presidio's LOCATION)
  STREET_ADDRESS: 'STREET_ADDRESS',
  ZIP_CODE: 'ZIP_CODE', // merged into STREET_ADDRESS when it is part of an address, see normalize()
  ORGANIZATION: 'ORGANIZATION',
  CREDIT_CARD: 'CREDIT_CARD',
  US_SSN: 'US_SSN',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  IBAN_CODE: 'IBAN_CODE',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE_NUMBER: 'PHONE_NUMBER',
  IP_ADDRESS: 'IP_ADDRESS',
  DATE_TIME: 'DATE_TIME',
  DOMAIN_NAME: 'URL', // every DOMAIN_NAME value in the set is a URL ("https://www.UEarly.se/")
  TITLE: null, // job titles and honorifics ("Dr.", "Packager"): not identifying, no detector
  AGE: null, // "31", "19 year old": no detector on either side
  NRP: null, // nationality, religion, political group: no detector on either side
};

/** Types that count as PII in the PII-level (any PII vs none) figures. */
export const PII_TYPES: ReadonlySet<string> = new Set(
  Object.values(LABEL_MAP).filter((t): t is string => t !== null && t !== 'ORGANIZATION'),
);

/** Tuning uses templates with an even id; every figure labelled "held-out" uses only odd ones. */
export const isTuning = (sample: Sample): boolean => sample.template % 2 === 0;

/** `mergeAddresses: false` keeps the data set's address pieces as they are (see normalize). */
export function loadDataset(path: string, mergeAddresses = true): Sample[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RawSample[];
  return raw.map((r, id) => {
    const spans = mapSpans(r);
    return { id, text: r.full_text, template: r.template_id, gold: mergeAddresses ? normalize(r.full_text, spans) : spans };
  });
}

function mapSpans(r: RawSample): Span[] {
  const spans: Span[] = [];
  for (const s of r.spans) {
    const type = LABEL_MAP[s.entity_type];
    if (type === undefined) throw new Error(`unmapped label ${s.entity_type}`);
    if (type !== null) spans.push({ type, start: s.start_position, end: s.end_position });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Some templates label one postal address as several pieces: "28245 | Puruntie 82 | Apt. 595"
 * as three STREET_ADDRESS spans, then the city and the state as GPE and the postal code as
 * ZIP_CODE, while other templates label the same shape as one STREET_ADDRESS. A redactor that
 * covers the whole address is right either way, so a run of STREET_ADDRESS, GPE and ZIP_CODE
 * spans separated only by spaces, commas and line breaks, containing at least one
 * STREET_ADDRESS, becomes one STREET_ADDRESS span. GPE spans elsewhere stay LOCATION.
 */
function normalize(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  const parts = new Set(['STREET_ADDRESS', 'LOCATION', 'ZIP_CODE']);
  let i = 0;
  while (i < spans.length) {
    const s = spans[i]!;
    if (!parts.has(s.type)) { out.push(s); i++; continue; }
    let j = i;
    let end = s.end;
    let hasStreet = s.type === 'STREET_ADDRESS';
    while (j + 1 < spans.length && parts.has(spans[j + 1]!.type) && /^[\s,]*$/.test(text.slice(end, spans[j + 1]!.start))) {
      j++;
      end = Math.max(end, spans[j]!.end);
      if (spans[j]!.type === 'STREET_ADDRESS') hasStreet = true;
    }
    if (hasStreet && j > i) out.push({ type: 'STREET_ADDRESS', start: s.start, end });
    else for (let k = i; k <= j; k++) out.push(spans[k]!);
    i = j + 1;
  }
  return out;
}
