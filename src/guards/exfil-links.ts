/**
 * Images in model output that would carry data to a host the operator did not allow
 * (`injection.links`): the channel an indirect prompt injection uses when there is no tool to
 * call, since the agent's chat client fetches an image as soon as it shows the answer. What
 * counts is detect/links.ts's call. With `remove`, each such image is replaced by a notice
 * before the agent sees it, in JSON answers and in streams (where a construct split across
 * events is held back until it is whole); with `remove` and `flag`, each is an EXFIL_LINK
 * finding of the response, for the record and for llm.response rules.
 */
import type { InjectionConfig } from '../config/injection-schema.ts';
import { compileGlobs } from '../config/glob.ts';
import type { Finding } from '../core/exchange.ts';
import type { Guard, GuardInput, GuardVerdict, TextMasker } from '../core/guard.ts';
import { EXFIL_LINK, findExfilLinks, neutralizeUnfinished, unfinishedImageStart } from '../detect/links.ts';
import { chainMaskers } from './response-masking.ts';

/** Sure but not certain: an allowed image host the operator forgot is the usual false alarm. */
/** The longest unfinished image a stream is held back for (a URL this long is already unusual). */
const MAX_HELD = 4 * 1024;
const SCORE = 0.95;

export class ExfilLinkGuard implements Guard {
  readonly name = 'exfil-links';
  readonly inspectsResponses = true;
  private readonly allowed: (host: string) => boolean;
  private readonly removes: boolean;
  /** Each exchange's remover: what it removed becomes the response's findings. */
  private readonly removers = new WeakMap<object, ExfilLinkRemover>();

  constructor(config: InjectionConfig['links']) {
    this.allowed = compileGlobs(config.allowedHosts);
    this.removes = config.action === 'remove';
  }

  onRequest({ context }: GuardInput): GuardVerdict {
    if (!this.removes) return undefined;
    // One per exchange (a small object): it counts what it removed from this response.
    const remover = new ExfilLinkRemover(this.allowed);
    this.removers.set(context, remover);
    context.responseMasker = chainMaskers(context.responseMasker, remover);
    return undefined;
  }

  onResponse({ exchange, context }: GuardInput): GuardVerdict {
    // Response guards see the answer as the agent gets it: removed images are notices by now.
    const removed = this.removers.get(context)?.removed ?? 0;
    let found: Finding[] | undefined;
    const add = (partIndex: number, start: number, end: number): void => {
      (found ??= []).push({ detector: 'injection', type: EXFIL_LINK, partIndex, start, end, score: SCORE });
    };
    exchange.parts.forEach((part, partIndex) => {
      for (const link of findExfilLinks(part.text, this.allowed)) add(partIndex, link.start, link.end);
      if (removed === 0) return;
      for (let at = part.text.indexOf(NOTICE_HEAD); at !== -1; at = part.text.indexOf(NOTICE_HEAD, at + 1)) {
        add(partIndex, at, part.text.indexOf(']', at) + 1);
      }
    });
    if (found !== undefined) exchange.findings = [...(exchange.findings ?? []), ...found];
    return undefined;
  }
}

const NOTICE_HEAD = '[image removed by Portcullis: ';

/** Replaces each exfiltrating image with a notice naming where the data would have gone. */
export class ExfilLinkRemover implements TextMasker {
  private readonly allowed: (host: string) => boolean;
  /** How many images this remover replaced. */
  removed = 0;

  constructor(allowed: (host: string) => boolean) {
    this.allowed = allowed;
  }

  mask(text: string): string {
    const links = findExfilLinks(text, this.allowed);
    if (links.length === 0) return neutralizeUnfinished(text, MAX_HELD);
    let out = '';
    let at = 0;
    for (const link of links) {
      if (link.start < at) continue; // an HTML tag inside a markdown construct already removed
      out += `${text.slice(at, link.start)}${NOTICE_HEAD}it would have sent data to ${link.host}]`;
      at = link.end;
      this.removed++;
    }
    return neutralizeUnfinished(out + text.slice(at), MAX_HELD);
  }

  /**
   * Holds a streamed text back from where an image may begin and is not finished, up to
   * MAX_HELD characters: past that (an answer that opens an image and streams on without
   * closing it), holding would rescan an ever longer tail for every piece, so the text is
   * released, and mask() makes the unfinished image inert.
   */
  holdBack(text: string): number {
    const held = text.length - unfinishedImageStart(text);
    return held <= MAX_HELD ? held : 0;
  }
}
