/**
 * Builds eval/data/foreign-docs.jsonl: real, benign documents in languages other than English,
 * cut from Debian's translated manual pages, to measure (and maybe train away) the injection
 * detector's false alarms on non-English tool results. Every other benign document we have is
 * English, so a detector that flags "any imperative in a language it half-knows" goes unseen.
 *
 * Usage (nothing is installed into the system; `dpkg-deb -R` keeps each package's control file,
 * which names its exact version):
 *   mkdir -p /tmp/fm && cd /tmp/fm && apt-get update && apt-get download manpages-cs manpages-da \
 *     manpages-de manpages-el manpages-es manpages-fi manpages-fr manpages-hu manpages-id \
 *     manpages-it manpages-ja manpages-mk manpages-nb manpages-nl manpages-pl manpages-pt-br \
 *     manpages-ro manpages-ru manpages-sr manpages-sv manpages-tr manpages-uk manpages-vi manpages-zh
 *   mkdir root && for f in *.deb; do dpkg-deb -R "$f" "root/${f%%_*}"; done
 * then, from the repository root (Node 24 runs .ts directly):
 *   node scripts/build-foreign-doc-corpus.ts /tmp/fm/root
 * The committed file was built from Debian 12 (bookworm): manpages-l10n 4.18.1-1 (hu and pl with
 * epoch 1:), manpages-ja 0.5.0.0.20221215+dfsg-1, manpages-tr 2.0.6-2, manpages-zh 1.6.4.0-1.
 *
 * Licences (usr/share/doc/<package>/copyright): manpages-l10n (every package above except ja, tr
 * and zh) is GPL-3+ for all files; manpages-zh is GFDL-1.2+ (a few pages GPL-2.0/2.0+);
 * manpages-tr is GNU GPL, translators' copyright, original pages' notices kept; manpages-ja (JM
 * Project) is under the licence of each original English page, all DFSG-free. Each row names
 * its package and version for attribution.
 *
 * What is kept: each page is converted from roff (man and mdoc) to plain text by the small
 * converter below, without the translators' closing section (the same credits and licence
 * notice on every page); it is cut at blank lines into chunks of CHUNK_TARGET..CHUNK_MAX
 * characters; chunks that are mostly English (paragraphs not yet translated) or have too few of
 * the language's function words (code, synopses) are dropped; per language, pages are taken in the order of a hash of lang/page, at most PER_PAGE
 * chunks each, until the language has its quota, and the quota shrinks until the file fits
 * MAX_BYTES. The output depends only on the packages' contents.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const TARGET = fileURLToPath(new URL('../eval/data/foreign-docs.jsonl', import.meta.url));
const CHUNK_MIN = 1000, CHUNK_TARGET = 1500, CHUNK_MAX = 2000;
const PER_PAGE = 2, MAX_PER_LANG = 40, MAX_BYTES = 1_600_000;

const GLYPHS: Record<string, string> = {
  em: '—', en: '–', hy: '-', mi: '−', bu: '•', lq: '“', rq: '”', oq: '‘', cq: '’', aq: "'", dq: '"', Fo: '«', Fc: '»', fo: '‹', fc: '›',
  bq: '„', co: '©', rg: '®', tm: '™', de: '°', mu: '×', di: '÷', '+-': '±', '<=': '≤', '>=': '≥', '!=': '≠', '->': '→', '<-': '←',
  rs: '\\', sl: '/', ba: '|', or: '|', br: '│', ul: '_', ru: '_', ti: '~', ha: '^', ga: '`', aa: '´', sc: '§', pc: '·', Eu: '€', eu: '€',
};
/** Strings that pod2man and friends define inside conditionals, which the converter skips. */
const STRINGS = { lq: '“', rq: '”', R: '®', Tm: '™', 'C+': 'C++', '--': '—', PI: 'π', 'L"': '“', 'R"': '”', 'C`': '‘', "C'": '’', Aq: "'" };
const ESCAPES: Record<string, string> = { e: '\\', '\\': '\\', '-': '-', '0': ' ', ' ': ' ', '~': ' ', t: ' ', "'": '´', '`': '`', '.': '.' };

/** Inline escapes to text: fonts and sizes vanish, glyphs and strings are looked up, motions dropped. */
function inline(s: string, strings: Map<string, string>): string {
  s = s.replace(/\\\*(?:\[([^\]]*)\]|\((..)|(.))/g, (_, a, b, c) => strings.get(a ?? b ?? c) ?? '');
  return s.replace(/\\(?:\((..)|\[([^\]]*)\]|f(?:\[[^\]]*\]|\(..|.)|[sS][+-]?(?:\d\d?|\(\d\d|\[\d+\])|[nkgmM](?:\[[^\]]*\]|\(..|.)|[hvwlLDbXoNxRZzAB]'[^']*'|(.))/g,
    (_, two, long, one) => {
      const name = two ?? long;
      if (name !== undefined) return GLYPHS[name] ?? (/^u[0-9A-F]{4,5}$/.test(name) ? String.fromCodePoint(parseInt(name.slice(1), 16)) : '');
      return one === undefined ? '' : ESCAPES[one] ?? (/[a-zA-Z&|^%:,/{}!c]/.test(one) ? '' : one);
    });
}

/** Words of a macro line, double quotes grouping ("" inside quotes is a quote). */
const macroArgs = (s: string) => [...s.matchAll(/"((?:[^"]|"")*)"?|((?:\\.|\S)+)/g)].map((m) => m[2] ?? (m[1] as string).replace(/""/g, '"'));

// mdoc: enclosing macros wrap the rest of the line (bar trailing punctuation); others are markup only.
const ENCLOSE: Record<string, [string, string]> = { Op: ['[', ']'], Dq: ['“', '”'], Qq: ['"', '"'], Sq: ['‘', '’'], Ql: ['‘', '’'], Pq: ['(', ')'], Bq: ['[', ']'], Brq: ['{', '}'], Aq: ['⟨', '⟩'] };
const MDOC_WORDS: Record<string, string> = { Bx: 'BSD', Ux: 'UNIX', At: 'AT&T UNIX', Fx: 'FreeBSD', Nx: 'NetBSD', Ox: 'OpenBSD', Bsx: 'BSD/OS', Dx: 'DragonFly', Oo: '[', Oc: ']', Ta: ' ', St: '', Xo: '', Xc: '' };
const CLOSING = /^[.,;:)\]?!]$/;
const isMdocMacro = (t: string) => /^[A-Z][a-z][a-z]?$/.test(t);

function mdocText(toks: string[], name: string): string {
  let out = '', glue = true, flag = false;
  const push = (s: string, attach = false) => { out += (glue || attach ? '' : ' ') + s; glue = false; };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string, next = toks[i + 1];
    const plainNext = next !== undefined && !isMdocMacro(next) && !CLOSING.test(next);
    if (ENCLOSE[t]) {
      let end = toks.length;
      while (end > i + 1 && CLOSING.test(toks[end - 1] as string)) end--;
      push(ENCLOSE[t][0] + mdocText(toks.slice(i + 1, end), name) + ENCLOSE[t][1]);
      for (const p of toks.slice(end)) push(p, true);
      break;
    }
    if (t === 'Ns') glue = true;
    else if (t === 'Pf') { push(toks[++i] ?? ''); glue = true; }
    else if (t === 'Xr' && plainNext) { push(`${next}(${toks[i + 2] ?? ''})`); i += 2; }
    else if (t === 'Fn' && plainNext) { push(`${next}(${toks.slice(i + 2).filter((a) => !CLOSING.test(a)).join(', ')})`); i = toks.length; }
    else if (t === 'Fl') { flag = true; if (!plainNext) push('-'); }
    else if (t === 'Nm' && !plainNext) push(name);
    else if (t === 'Ar' && !plainNext) push('file ...');
    else if (t in MDOC_WORDS) { push(MDOC_WORDS[t] as string); if (t === 'Oo') glue = true; }
    else if (isMdocMacro(t)) flag = false;
    else if (CLOSING.test(t)) push(t, true);
    else { push(flag ? `-${t}` : t); if (t === '(' || t === '[') glue = true; }
  }
  return out;
}

/** Plain text of a man or mdoc page, or null for a .so redirect. Layout like man(1), unwrapped. */
export function roffToText(src: string): string | null {
  let lines = src.replace(/\r\n?/g, '\n').replace(/(?<!\\)\\\n/g, '').split('\n');
  const first = lines.find((l) => !/^['.]\s*\\"/.test(l) && l.trim() !== '');
  if (first === undefined || /^\.so\s/.test(first)) return null;
  // The translators' closing section (credits, licence, where to report) is the same on every page.
  const lastHead = lines.findLastIndex((l) => /^\.S[Hh]\s/.test(l));
  if (lastHead > 0 && /gpl-3\.0|manpages-(zh|tr)/.test(lines.slice(lastHead).join('\n'))) lines = lines.slice(0, lastHead);
  const mdoc = lines.some((l) => l.startsWith('.Dd'));
  const strings = new Map(Object.entries(STRINGS));
  const out: string[] = [], stack: number[] = [], lists: string[] = [];
  let para = '', join = false, indent = 0, base = 0, fill = true, skipTo: RegExp | null = null, braces = 0;
  let pending: 'tag' | 'head' | null = null, name = '', link = '', headLine = -1, sections = 0;
  const flush = () => { const t = fill ? para.replace(/\s+/g, ' ').trim() : para.trimEnd(); if (t) out.push(' '.repeat(indent) + t); para = ''; join = false; };
  const blank = () => { flush(); if (out.length > 0 && out.at(-1) !== '' && out.length - 1 !== headLine) out.push(''); };
  const emit = (t: string) => { if (t === '') return; para = para === '' || join ? para + t : `${para} ${t}`; join = false; };
  const heading = (t: string, level: number) => { blank(); headLine = out.push(' '.repeat(level * 2) + t.trim()) - 1; if (level === 0) sections++; base = indent = 4; stack.length = 0; };
  const paragraph = () => { blank(); indent = base; };
  for (const raw of lines) {
    if (skipTo) { if (skipTo.test(raw)) skipTo = null; continue; }
    if (braces > 0) { braces += (raw.match(/\\\{/g)?.length ?? 0) - (raw.match(/\\\}/g)?.length ?? 0); continue; }
    const line = raw.replace(/(^|[^\\])\\["#].*$/, '$1');
    const m = /^['.]\s*(\S+)\s*(.*)$/.exec(line);
    if (/^['.]\s*$/.test(line) || (line.trim() === '' && raw.trim() !== '')) continue;
    if (m) {
      const [, mac, rest] = m as unknown as [string, string, string];
      const args = macroArgs(rest).map((a) => inline(a, strings));
      if (['if', 'ie', 'el', 'while'].includes(mac)) { braces = Math.max(0, (rest.match(/\\\{/g)?.length ?? 0) - (rest.match(/\\\}/g)?.length ?? 0)); continue; }
      if (mac === 'de' || mac === 'am' || mac === 'ig') { skipTo = /^\.\.\s*$/; continue; }
      if (mac === 'TS') { skipTo = /^\.TE/; continue; } // tbl layout does not survive as prose
      if (mac === 'ds') { const [k, ...v] = rest.split(/\s+/); strings.set(k ?? '', inline(v.join(' ').replace(/^"/, ''), strings)); continue; }
      if (mdoc && isMdocMacro(mac) && !['Sh', 'Ss', 'Pp', 'Lp', 'Bl', 'El', 'It', 'Bd', 'Ed', 'D1', 'Dl', 'Nd', 'Dd', 'Dt', 'Os', 'Ex', 'Rv'].includes(mac)) {
        const toks = macroArgs(rest).map((a) => (isMdocMacro(a) ? a : inline(a, strings)));
        if (mac === 'Nm' && name === '' && toks[0]) name = toks[0];
        if (mac === 'Nm' && sections === 2) flush(); // each synopsis form on its own line
        emit(mdocText([mac, ...toks], name));
      } else switch (mac) {
        case 'SH': case 'Sh': case 'SS': case 'Ss':
          if (args.length > 0) heading(args.join(' '), /^S[Hh]$/.test(mac) ? 0 : 1); else { blank(); pending = 'head'; } break;
        case 'PP': case 'LP': case 'P': case 'Pp': case 'Lp': case 'HP': case 'sp': case 'Sp': paragraph(); break;
        case 'br': case 'ti': case 'ce': case 'bp': case 'in': flush(); break;
        case 'TP': case 'TQ': if (mac === 'TP') blank(); else flush(); indent = base; pending = 'tag'; break;
        case 'IP': case 'Ip': // a bullet or number starts the paragraph; a longer tag gets a line of its own, like .TP
          paragraph(); if ((args[0] ?? '').length <= 3) { indent = base + 2; emit(args[0] ?? ''); } else { out.push(' '.repeat(base) + args[0]); indent = base + 4; } break;
        case 'RS': flush(); stack.push(base); base = indent = Math.max(indent, base + 4); break;
        case 'RE': flush(); base = indent = stack.pop() ?? base; break;
        case 'nf': case 'EX': case 'Vb': flush(); fill = false; break;
        case 'fi': case 'EE': case 'Ve': flush(); fill = true; break;
        case 'B': case 'I': case 'SM': case 'SB': case 'nop': emit(args.join(' ')); break;
        case 'BR': case 'RB': case 'IR': case 'RI': case 'BI': case 'IB': emit(args.join('')); break;
        case 'UR': case 'MT': link = args[0] ?? ''; break;
        case 'UE': case 'ME': emit(`<${link}>`); join = true; emit(args.join('')); break;
        case 'URL': emit(args[1] || args[0] || ''); join = true; emit(args[2] ?? ''); break;
        case 'OP': emit(`[${args.join(' ')}]`); break;
        case 'SY': flush(); emit(args.join(' ')); break;
        case 'Nd': emit(`— ${args.join(' ')}`); break;
        case 'Bl': flush(); lists.push(args[0] ?? ''); stack.push(base); base = indent; break;
        case 'El': flush(); lists.pop(); base = indent = stack.pop() ?? base; break;
        case 'It': { // bullet lists as in .IP, tagged ones as in .TP
          const kind = lists.at(-1) ?? '', tag = mdocText(macroArgs(rest).map((a) => (isMdocMacro(a) ? a : inline(a, strings))), name);
          paragraph(); if (/bullet|dash|hyphen|enum/.test(kind)) { indent = base + 2; emit(/dash|hyphen/.test(kind) ? '-' : '•'); } else { if (tag) out.push(' '.repeat(base) + tag); indent = base + 4; } break;
        }
        case 'Bd': flush(); stack.push(base); if (args.includes('-offset')) base = indent = indent + 4; if (/literal|unfilled/.test(rest)) fill = false; break;
        case 'Ed': flush(); fill = true; base = indent = stack.pop() ?? base; break;
        case 'D1': case 'Dl': flush(); out.push(`${' '.repeat(indent + 4)}${mdocText(macroArgs(rest), name)}`); break;
        default: break; // layout requests (.TH .PD .ft .nh .ad .IX ...) carry no text
      }
    } else if (line.trim() === '') { if (fill) paragraph(); else { flush(); out.push(''); } }
    else {
      if (fill && /^\s/.test(line)) flush();
      const text = inline(line, strings);
      emit(fill ? text.trim() : text);
      if (/\\c\s*$/.test(line)) join = true;
    }
    if (para !== '' && !join) {
      if (pending === 'tag') { flush(); indent = base + 4; pending = null; }
      else if (pending === 'head') { const t = para; para = ''; heading(t, 0); pending = null; }
      else if (!fill) flush();
    }
  }
  flush();
  return out.join('\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

/** Cuts text at blank lines (then lines, then sentences) into pieces of about CHUNK_TARGET..CHUNK_MAX characters. */
export function chunkText(text: string): string[] {
  const split = (parts: string[]) => parts.reduce<string[]>((pieces, p) => {
    if (pieces.length > 0 && (pieces.at(-1) as string).length + p.length <= CHUNK_MAX) pieces[pieces.length - 1] += p; else pieces.push(p); return pieces; }, []);
  const blocks = text.split(/\n{2,}/).flatMap((b) => (b.length <= CHUNK_MAX ? [b]
    : split(b.split(/(?<=\n)/)).flatMap((l) => (l.length <= CHUNK_MAX ? [l] : split(l.match(/[^.!?。！？]*[.!?。！？]*\s*/g) ?? [l])))));
  const chunks: string[] = [];
  let cur = '';
  for (const b of blocks) {
    if (cur !== '' && cur.length + 2 + b.length > CHUNK_MAX) { chunks.push(cur); cur = ''; }
    cur = cur === '' ? b : `${cur}\n\n${b}`;
    if (cur.length >= CHUNK_TARGET) { chunks.push(cur); cur = ''; }
  }
  if (cur !== '') chunks.push(cur);
  // Dedent: a chunk cut from the middle of a page reads as a document of its own.
  const dedent = (c: string) => { const lines = c.replace(/^\n+|\s+$/g, '').split('\n'); const cut = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.search(/\S/))); return lines.map((l) => l.slice(cut)).join('\n'); };
  return chunks.map(dedent).filter((c) => c.length >= CHUNK_MIN && c.length <= CHUNK_MAX);
}

// Frequent function words per language; a translated chunk has many more of its own than English ones.
const EN = new Set('the of and to in is that for are with be this by or as on it not from an which if at you can'.split(' '));
const STOP: Record<string, string> = {
  cs: 'a je se v na že to s z do pro jako nebo není jsou při které který být tak', da: 'og i at er det en til af som for på med den de ikke kan eller hvis skal',
  de: 'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch wird oder wenn werden', el: 'και το η της του τα να σε για με από στο που είναι ή δεν αν',
  es: 'de la que el en y a los se del las un por con no una su para es al lo como o si', fi: 'ja on ei se että tai jos kun ovat voi joka jotka jota joita jonka mutta myös sekä kuin tämä nämä niin vain olla ole sen sitä siitä kanssa mukaan eikä',
  fr: 'de la le et les des en un une du est que pour dans par sur pas qui au si ou ne sont être', hu: 'a az és hogy nem is egy meg van ha vagy csak mint ez azt be nincs amely amelyek ami által szerint kell lesz',
  id: 'yang dan di ini itu dengan untuk dari tidak akan pada dalam atau adalah ke jika', it: 'di e il la che in un per non una del da è le della si con sono o se',
  mk: 'и на во да се за од не со е што ако или ги ја', nb: 'og i er det en til av som for på med den de ikke kan eller hvis skal',
  nl: 'de het een en van in is dat op te voor met niet zijn of als wordt door', pl: 'i w na z się nie do to że jest o jak lub przez dla jeśli być są',
  'pt-BR': 'de a o que e do da em um para é com não uma os no se na por mais as dos ou', ro: 'și de la în a cu nu o un pe este să care din sau se dacă fi pentru',
  ru: 'и в не на что с по для как это или из если то при быть', sr: 'и у је да се на за не од са или ако који као су',
  sv: 'och i att det som en är av för på med den till inte kan eller om', tr: 've bir bu için ile da de olarak ya veya ise değil gibi olan daha eğer',
  uk: 'і в на не що з та до для як це або якщо від за є у', vi: 'của và là các được một này không cho trong với có để khi những',
};

/** True when a chunk reads as the language's prose: not an untranslated section, an option list or code. */
export function isNative(lang: string, text: string): boolean {
  if (lang === 'ja' || lang.startsWith('zh')) {
    const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
    return cjk >= 0.5 * (cjk + (text.match(/[A-Za-z]/g)?.length ?? 0));
  }
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const own = new Set((STOP[lang] ?? '').split(' '));
  const native = words.filter((w) => own.has(w)).length, english = words.filter((w) => EN.has(w) && !own.has(w)).length;
  return native >= 3 * english && native >= 0.05 * words.length;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const sorted = (dir: string) => readdirSync(dir).sort();

/** Reads every package tree under root, picks the chunks and writes the corpus. */
function main(root: string | undefined): void {
  if (root === undefined || !existsSync(root)) throw new Error('usage: node scripts/build-foreign-doc-corpus.ts <dir with one dpkg-deb -R tree per package>');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const picked = new Map<string, { package: string; page: string; text: string }[]>();
  const seen = new Set<string>(); // chunk texts, and pages per package (zh_CN and zh_TW are one translation in two scripts)
  for (const pkgDir of sorted(root)) {
    const control = join(root, pkgDir, 'DEBIAN', 'control');
    if (!existsSync(control)) continue;
    const field = (f: string) => new RegExp(`^${f}: (.*)$`, 'm').exec(readFileSync(control, 'utf8'))?.[1]?.trim() ?? '';
    const pkg = `${field('Package')}=${field('Version')}`;
    const manRoot = join(root, pkgDir, 'usr', 'share', 'man');
    for (const langDir of existsSync(manRoot) ? sorted(manRoot) : []) {
      const lang = langDir.replace('_', '-'), pages: { page: string; file: string }[] = [];
      for (const section of sorted(join(manRoot, langDir)).filter((d) => /^man\w+$/.test(d))) {
        for (const f of sorted(join(manRoot, langDir, section))) {
          const file = join(manRoot, langDir, section, f);
          if (f.endsWith('.gz') && !lstatSync(file).isSymbolicLink()) pages.push({ page: `${section}/${f.slice(0, -3)}`, file }); // links are aliases
        }
      }
      pages.sort((a, b) => hash(`${lang}/${a.page}`).localeCompare(hash(`${lang}/${b.page}`)));
      const rows = picked.get(lang) ?? [];
      for (const { page, file } of pages) {
        if (rows.length >= MAX_PER_LANG) break;
        if (seen.has(`${pkgDir}/${page}`)) continue;
        let text: string | null;
        try { text = roffToText(utf8.decode(gunzipSync(readFileSync(file)))); } catch { continue; } // not UTF-8, or broken
        if (text === null) continue;
        const chunks = chunkText(text).map((c, i) => ({ c, i })).filter(({ c }) => isNative(lang, c) && !seen.has(hash(c)));
        const chosen = chunks.sort((a, b) => hash(`${lang}/${page}/${a.i}`).localeCompare(hash(`${lang}/${page}/${b.i}`)))
          .slice(0, Math.min(PER_PAGE, MAX_PER_LANG - rows.length)).sort((a, b) => a.i - b.i);
        for (const { c } of chosen) { seen.add(hash(c)).add(`${pkgDir}/${page}`); rows.push({ package: pkg, page, text: c }); }
      }
      picked.set(lang, rows);
    }
  }

  // The same quota for every language, the largest that keeps the file under MAX_BYTES.
  const render = (quota: number) => [...picked.keys()].sort().flatMap((lang) => (picked.get(lang) ?? []).slice(0, quota)
    .map((r) => `${JSON.stringify({ lang, package: r.package, page: r.page, text: r.text })}\n`)).join('');
  let quota = MAX_PER_LANG;
  while (quota > 1 && Buffer.byteLength(render(quota)) > MAX_BYTES) quota--;
  const body = render(quota);
  writeFileSync(TARGET, body);
  for (const [lang, rows] of [...picked].sort(([a], [b]) => a.localeCompare(b)).map(([l, r]) => [l, r.slice(0, quota)] as const)) {
    console.log(`${lang.padEnd(6)} ${String(rows.length).padStart(3)} chunks from ${new Set(rows.map((r) => r.page)).size} pages  ${rows[0]?.package ?? ''}`);
  }
  console.log(`quota ${quota} per language; ${body.split('\n').length - 1} chunks, ${Buffer.byteLength(body)} bytes -> ${TARGET}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv[2]);
