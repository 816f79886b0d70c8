/**
 * Builds eval/data/gnome-help.jsonl: real help pages of the GNOME desktop in 21 languages besides
 * English, translated by people (the gnome-user-docs project), for the injection detector.
 *
 * Why: until the tenth round, nearly every non-English text the detector was trained or
 * calibrated on was ours, and most of it attacks. Help pages are full of what injections in
 * other languages are also made of (imperatives to the reader: "Cliquez sur Paramètres",
 * "Drücken Sie die Super-Taste") and of ordinary questions ("Wie kann ich meinen Bildschirm
 * kalibrieren?"), written by native speakers.
 *
 *   mkdir -p /tmp/gnome && cd /tmp/gnome && apt-get download gnome-user-docs && dpkg-deb -x gnome-user-docs_*.deb root
 *   node scripts/build-gnome-help-corpus.ts /tmp/gnome/root
 *
 * Source: Debian bookworm's gnome-user-docs 43.0-2, /usr/share/help/<lang>/gnome-help/*.page
 * (Mallard XML). Licence: CC-BY-SA-3.0, Copyright (C) 2010-2014 Shaun McCance and the GNOME
 * documentation project's translators (usr/share/doc/gnome-user-docs/copyright). The file keeps
 * each page's title, description and the start of its body, not the credits (names, e-mails).
 *
 * Each row: {lang, page, title, desc, text}. The same 40 pages (chosen by a hash of the page id)
 * in every language, so a split by page keeps a page and its translations on one side.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unit } from '../eval/injection-data.ts';

/** The languages with at least 8 of the 40 pages translated in this version (Hebrew, Hindi, Romanian, Turkish and Chinese have 0-2). */
const LANGUAGES = ['ca', 'cs', 'da', 'de', 'el', 'es', 'fa', 'fi', 'fr', 'hu', 'id', 'it', 'ja', 'ko', 'nl', 'pl', 'pt_BR', 'ru', 'sv', 'uk', 'vi'];
const PAGES = 40;
/** The body is cut at a paragraph boundary after this many characters: a tool result's size, not a whole manual. */
const BODY_CHARS = 1200;
const OUT = new URL('../eval/data/gnome-help.jsonl', import.meta.url);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: '\'', nbsp: '\u00a0' };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e] ?? m);
/** One element's text, tags dropped, whitespace collapsed. */
const flat = (xml: string) => decode(xml.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

interface Page { title: string; desc: string; paragraphs: string[] }

function readPage(file: string): Page {
  const xml = readFileSync(file, 'utf8');
  const info = /<info>[\s\S]*?<\/info>/.exec(xml)?.[0] ?? '';
  const body = xml.replace(/<info>[\s\S]*?<\/info>/, '');
  const title = flat(/<title[^>]*>([\s\S]*?)<\/title>/.exec(body)?.[1] ?? '');
  const desc = flat(/<desc>([\s\S]*?)<\/desc>/.exec(info)?.[1] ?? '');
  // Paragraphs, list items and section titles, in order; a nested item's text is taken once, by its innermost <p>.
  const paragraphs: string[] = [];
  for (const m of body.matchAll(/<(p|title)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = flat(m[2] as string);
    if (text.length > 0) paragraphs.push(text);
  }
  return { title, desc, paragraphs: paragraphs.slice(1) }; // the first is the page title
}

function main(root: string): void {
  const help = join(root, 'usr/share/help');
  const english = join(help, 'C/gnome-help');
  // Pages whose English body has enough prose to stand as a document, then the first PAGES by hash.
  const ids = readdirSync(english).filter((f) => f.endsWith('.page')).map((f) => f.slice(0, -5))
    .filter((id) => readPage(join(english, `${id}.page`)).paragraphs.join(' ').length >= 400)
    .sort((a, b) => unit(a) - unit(b) || a.localeCompare(b)).slice(0, PAGES);
  const rows: string[] = [];
  for (const lang of LANGUAGES) {
    let kept = 0;
    for (const id of ids) {
      const c = readPage(join(english, `${id}.page`));
      let page: Page;
      try { page = readPage(join(help, lang, 'gnome-help', `${id}.page`)); } catch { continue; }
      // Translations lag the English pages: a paragraph not translated yet is kept in English.
      // Those are dropped (the rest is the language's text); a page mostly untranslated is skipped.
      const translated = page.paragraphs.filter((p) => !c.paragraphs.includes(p));
      if (translated.join(' ').length < 300 || page.title === c.title) continue;
      let text = '';
      for (const p of translated) {
        if (text.length >= BODY_CHARS) break;
        text += (text ? '\n' : '') + p;
      }
      rows.push(JSON.stringify({ lang, page: id, title: page.title, desc: page.desc, text }));
      kept++;
    }
    console.log(`${lang}: ${kept} pages`);
  }
  writeFileSync(OUT, rows.join('\n') + '\n');
  console.log(`wrote ${rows.length} rows`);
}

main(process.argv[2] ?? '/tmp/gnome/root');
