/** What the NER recognizers find in a text, as the detector tests compare it. */
import { NER_RECOGNIZERS } from '../../src/detect/pii/ner/index.ts';
import { scanText } from '../../src/detect/scan.ts';

/** "TYPE:text" for every finding, in text order. */
export const nerFindings = (text: string): string[] => scanText(text, NER_RECOGNIZERS).map((d) => `${d.type}:${text.slice(d.start, d.end)}`);
