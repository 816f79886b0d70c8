import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DEMO_POLICY } from '../../src/config/demo-policy.ts';
import { allEntries, CATALOGS, resolveTag } from '../../src/report/catalogs/index.ts';
import { OTHER_QUERIES, RECORD_QUERIES } from '../../src/report/evidence.ts';
import { EVIDENCE_QUERY_IDS } from '../../src/report/query-ids.ts';

// The catalogs are data an auditor reads: the ids must be the standards' own, every evidence
// query they name must exist, and every tag a shipped policy uses must land on an entry.

/** ISO/IEC 42001:2023 Annex A, typed out here independently of the catalog. */
const ANNEX_A = [
  'A.2.2', 'A.2.3', 'A.2.4', 'A.3.2', 'A.3.3', 'A.4.2', 'A.4.3', 'A.4.4', 'A.4.5', 'A.4.6', 'A.5.2', 'A.5.3', 'A.5.4', 'A.5.5',
  'A.6.1.2', 'A.6.1.3', 'A.6.2.2', 'A.6.2.3', 'A.6.2.4', 'A.6.2.5', 'A.6.2.6', 'A.6.2.7', 'A.6.2.8', 'A.7.2', 'A.7.3', 'A.7.4',
  'A.7.5', 'A.7.6', 'A.8.2', 'A.8.3', 'A.8.4', 'A.8.5', 'A.9.2', 'A.9.3', 'A.9.4', 'A.10.2', 'A.10.3', 'A.10.4',
];

const ROOT = join(import.meta.dirname, '..', '..');

describe('compliance catalogs', () => {
  test('ISO/IEC 42001 Annex A has the 38 controls, unique, in the standard\'s order, and the five clauses', () => {
    assert.equal(ANNEX_A.length, 38);
    const ids = CATALOGS.iso42001.entries.map((e) => e.id);
    assert.deepEqual(ids, ANNEX_A);
    assert.equal(new Set(ids).size, 38);
    assert.deepEqual(CATALOGS.iso42001.clauses?.map((c) => c.id), ['6.1.2', '6.1.3', '8.1', '9.1', '10.2']);
    const titles = new Map(CATALOGS.iso42001.entries.map((e) => [e.id, e.title]));
    assert.equal(titles.get('A.6.2.8'), 'AI system recording of event logs');
    assert.equal(titles.get('A.5.4'), 'Assessing AI system impact on individuals or groups of individuals');
    assert.equal(titles.get('A.10.3'), 'Suppliers');
  });

  test('OWASP Top 10 for LLM Applications 2025 names are exact', () => {
    assert.deepEqual(CATALOGS['owasp-llm'].entries.map((e) => e.title), [
      'LLM01:2025 Prompt Injection', 'LLM02:2025 Sensitive Information Disclosure', 'LLM03:2025 Supply Chain',
      'LLM04:2025 Data and Model Poisoning', 'LLM05:2025 Improper Output Handling', 'LLM06:2025 Excessive Agency',
      'LLM07:2025 System Prompt Leakage', 'LLM08:2025 Vector and Embedding Weaknesses', 'LLM09:2025 Misinformation',
      'LLM10:2025 Unbounded Consumption',
    ]);
  });

  test('HIPAA covers 164.312 (a) to (e); PCI DSS covers Requirement 10; the AI Act covers Art. 12, 14 and 19', () => {
    const hipaa = CATALOGS.hipaa.entries.map((e) => e.id);
    for (const id of ['164.312(a)(1)', '164.312(a)(2)(i)', '164.312(a)(2)(ii)', '164.312(a)(2)(iii)', '164.312(a)(2)(iv)',
      '164.312(b)', '164.312(c)(1)', '164.312(d)', '164.312(e)(1)']) assert.ok(hipaa.includes(id), id);
    const pci = CATALOGS.pci.entries.map((e) => e.id);
    for (const id of ['10.2.1', '10.2.1.1', '10.2.1.2', '10.2.1.4', '10.2.2', '10.3.2', '10.3.4', '10.4.1', '10.5.1', '10.7.2']) assert.ok(pci.includes(id), id);
    const act = CATALOGS['eu-ai-act'].entries.map((e) => e.id);
    for (const id of ['12(1)', '12(2)(a)', '14(1)', '14(4)(d)', '14(4)(e)', '19(1)']) assert.ok(act.includes(id), id);
  });

  test('every entry is well formed: unique id, own paraphrase, evidence kind consistent with its queries', () => {
    for (const catalog of Object.values(CATALOGS)) {
      const entries = allEntries(catalog);
      assert.equal(new Set(entries.map((e) => e.id)).size, entries.length, `${catalog.id}: duplicate ids`);
      for (const entry of entries) {
        const where = `${catalog.id} ${entry.id}`;
        assert.ok(entry.title.length > 0 && entry.paraphrase.length > 0, where);
        assert.notEqual(entry.paraphrase, entry.title, where);
        if (entry.evidence === 'organizational') assert.equal(entry.queries.length, 0, `${where}: organizational entries name no query`);
        else assert.ok(entry.queries.length > 0, `${where}: direct or supporting evidence names a query`);
        for (const [framework, ids] of Object.entries(entry.related ?? {})) {
          const known = allEntries(CATALOGS[framework as keyof typeof CATALOGS]).map((e) => e.id);
          for (const id of ids) assert.ok(known.includes(id), `${where}: related ${framework} ${id} is not in that catalog`);
        }
      }
    }
  });

  test('every evidence query a catalog names exists', () => {
    const implemented = new Set([...Object.keys(RECORD_QUERIES), ...OTHER_QUERIES]);
    assert.deepEqual([...implemented].sort(), [...EVIDENCE_QUERY_IDS].sort());
    for (const catalog of Object.values(CATALOGS)) {
      for (const entry of allEntries(catalog)) for (const q of entry.queries) assert.ok(implemented.has(q), `${catalog.id} ${entry.id}: ${q}`);
    }
  });

  test('every compliance tag in the example packs and the demo policy resolves to its framework\'s catalog', () => {
    const policies: { name: string; rules: { id: string; tags?: Record<string, string | string[]> }[] }[] = [
      { name: 'demo policy', rules: [...(DEMO_POLICY.rules ?? []), ...(DEMO_POLICY.limits ?? [])] as never },
    ];
    for (const pack of ['healthcare', 'fintech']) {
      const config = parse(readFileSync(join(ROOT, 'examples', pack, 'portcullis.yaml'), 'utf8')) as { policy: { rules?: never[]; limits?: never[] } };
      policies.push({ name: pack, rules: [...(config.policy.rules ?? []), ...(config.policy.limits ?? [])] });
    }
    let checked = 0;
    for (const { name, rules } of policies) {
      for (const rule of rules) {
        for (const [key, value] of Object.entries(rule.tags ?? {})) {
          for (const id of Array.isArray(value) ? value : [value]) {
            assert.ok(resolveTag(key, id), `${name} rule ${rule.id}: tag ${key}: ${id} resolves to no catalog entry`);
            checked += 1;
          }
        }
      }
    }
    assert.ok(checked > 50, `expected the packs to carry many tags, found ${checked}`);
    assert.equal(resolveTag('iso42001', 'A.99.9'), undefined, 'an unknown id does not resolve');
    assert.equal(resolveTag('sox', '404'), undefined, 'an unknown framework does not resolve');
  });
});
