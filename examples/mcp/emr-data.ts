/**
 * The EMR demo server's schema and its synthetic data set.
 *
 * Every person here is invented: surnames are deliberately silly ("Sampleton", "Notreal"),
 * SSNs are random numbers in the issuable ranges (so detectors see them as real ones), phone
 * numbers use the 555-01xx block reserved for fiction. The data is generated from a fixed seed
 * with the project's tiny PRNG (scripts/seeded-random.ts; no Faker, no network), so every run,
 * every machine and every test sees the same patients, claims and amounts.
 * The ICD-10-CM and CPT codes are real, so the records read like a real chart.
 */
import type { DatabaseSync } from 'node:sqlite';
import { mulberry32 } from '../../scripts/seeded-random.ts';

export const PATIENT_COUNT = 40;
/** Claim statuses, in the order a claim usually moves through them. */
export const CLAIM_STATUSES = ['submitted', 'in_review', 'approved', 'denied', 'paid', 'appealed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Fixed "today" of the data set: dates must not drift with the wall clock, or tests would. */
const TODAY = Date.UTC(2025, 5, 30);
const DAY = 86_400_000;

const FIRST = ['Avery', 'Jordan', 'Morgan', 'Riley', 'Casey', 'Quinn', 'Taylor', 'Drew', 'Jamie', 'Robin', 'Alex', 'Sam',
  'Maria', 'James', 'Linda', 'Robert', 'Grace', 'Henry', 'Nora', 'Oscar', 'Ruth', 'Victor', 'Elena', 'Walter'];
const LAST = ['Sampleton', 'Testwell', 'Fakeley', 'Mockford', 'Synthwood', 'Dummond', 'Placeholder', 'Notreal',
  'Examplar', 'Fictionson', 'Madeupski', 'Pretendez', 'Stubbington', 'Fixture', 'Imaginario', 'Demovich'];
const STREETS = ['Maple', 'Oak', 'Cedar', 'Elm', 'Willow', 'Birch', 'Juniper', 'Sycamore', 'Aspen', 'Hawthorn'];
const STREET_KINDS = ['St', 'Ave', 'Rd', 'Ln', 'Dr', 'Ct'];
const CITIES: ReadonlyArray<readonly [string, string, string]> = [
  ['Springfield', 'IL', '627'], ['Riverton', 'WY', '825'], ['Fairview', 'OR', '970'], ['Greenville', 'SC', '296'],
  ['Franklin', 'TN', '370'], ['Madison', 'WI', '537'], ['Clinton', 'IA', '527'], ['Georgetown', 'KY', '403'],
];
const AREA_CODES = ['217', '307', '503', '864', '615', '608', '563', '502'];
const PAYERS: ReadonlyArray<readonly [string, string]> = [
  ['Acme Health Plan PPO', 'AHP'], ['Example Mutual HMO', 'EXM'], ['Synthetic Care Medicare Advantage', 'SCM'], ['Placeholder Medicaid', 'PMC'],
];

/** Problems a primary-care panel is full of; the medication (if any) is the usual first line. */
const PROBLEMS: ReadonlyArray<readonly [code: string, description: string, medication?: readonly [string, string, string]]> = [
  ['I10', 'Essential (primary) hypertension', ['lisinopril', '10 mg', 'once daily']],
  ['E11.9', 'Type 2 diabetes mellitus without complications', ['metformin', '500 mg', 'twice daily']],
  ['E78.5', 'Hyperlipidemia, unspecified', ['atorvastatin', '20 mg', 'once daily at bedtime']],
  ['J45.909', 'Unspecified asthma, uncomplicated', ['albuterol HFA', '90 mcg, 2 puffs', 'every 4-6 hours as needed']],
  ['F32.9', 'Major depressive disorder, single episode, unspecified', ['sertraline', '50 mg', 'once daily']],
  ['F41.1', 'Generalized anxiety disorder', ['buspirone', '10 mg', 'twice daily']],
  ['K21.9', 'Gastro-esophageal reflux disease without esophagitis', ['omeprazole', '20 mg', 'once daily before breakfast']],
  ['E03.9', 'Hypothyroidism, unspecified', ['levothyroxine', '50 mcg', 'once daily']],
  ['M54.50', 'Low back pain, unspecified', ['naproxen', '500 mg', 'twice daily as needed']],
  ['G43.909', 'Migraine, unspecified, not intractable, without status migrainosus', ['sumatriptan', '50 mg', 'at onset, may repeat once']],
  ['J44.9', 'Chronic obstructive pulmonary disease, unspecified', ['tiotropium', '18 mcg inhaled', 'once daily']],
  ['N18.30', 'Chronic kidney disease, stage 3 unspecified'],
  ['E66.9', 'Obesity, unspecified'],
  ['I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris', ['aspirin', '81 mg', 'once daily']],
];
/** Acute reasons for a visit, on top of the chronic problems. */
const ACUTE: ReadonlyArray<readonly [string, string]> = [
  ['J06.9', 'Acute upper respiratory infection, unspecified'], ['N39.0', 'Urinary tract infection, site not specified'],
  ['S93.401A', 'Sprain of unspecified ligament of right ankle, initial encounter'], ['R51.9', 'Headache, unspecified'],
];
/** Encounter type -> CPT code, usual billed amount in USD, and who sees the patient. */
const VISITS: ReadonlyArray<readonly [type: string, cpt: string, billed: number, provider: string]> = [
  ['office visit', '99213', 145, 'Dr. R. Example (Internal Medicine)'], ['office visit', '99214', 210, 'Dr. K. Specimen (Family Medicine)'],
  ['telehealth', '99213', 130, 'Dr. K. Specimen (Family Medicine)'], ['urgent care', '99204', 325, 'P. Notreal, NP (Urgent Care)'],
  ['emergency', '99285', 1450, 'Dr. T. Mockup (Emergency Medicine)'], ['annual physical', '99396', 260, 'Dr. R. Example (Internal Medicine)'],
];
/** An annual physical is billed as a preventive visit, not against a problem. */
const PHYSICAL: readonly [string, string] = ['Z00.00', 'Encounter for general adult medical examination without abnormal findings'];

/** ICD-10-CM code -> description, for every code the data set uses. */
export const ICD10: Readonly<Record<string, string>> = Object.fromEntries([...PROBLEMS, ...ACUTE, PHYSICAL].map(([code, description]) => [code, description]));

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS patients (
  id INTEGER PRIMARY KEY, mrn TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
  dob TEXT NOT NULL, sex TEXT NOT NULL, ssn TEXT NOT NULL, address TEXT NOT NULL, city TEXT NOT NULL,
  state TEXT NOT NULL, zip TEXT NOT NULL, phone TEXT NOT NULL, payer TEXT NOT NULL, member_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS diagnoses (
  id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), icd10_code TEXT NOT NULL,
  description TEXT NOT NULL, onset_date TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS medications (
  id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), name TEXT NOT NULL,
  dose TEXT NOT NULL, frequency TEXT NOT NULL, start_date TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS encounters (
  id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), encounter_date TEXT NOT NULL,
  type TEXT NOT NULL, provider TEXT NOT NULL, reason_code TEXT NOT NULL, reason TEXT NOT NULL, cpt_code TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
  id TEXT PRIMARY KEY, patient_id INTEGER NOT NULL REFERENCES patients(id), encounter_id INTEGER NOT NULL REFERENCES encounters(id),
  payer TEXT NOT NULL, service_date TEXT NOT NULL, submitted_date TEXT NOT NULL, cpt_code TEXT NOT NULL,
  icd10_codes TEXT NOT NULL, status TEXT NOT NULL, billed_amount REAL NOT NULL, paid_amount REAL NOT NULL);
CREATE TABLE IF NOT EXISTS claim_status_history (
  id INTEGER PRIMARY KEY, claim_id TEXT NOT NULL REFERENCES claims(id), old_status TEXT NOT NULL,
  new_status TEXT NOT NULL, note TEXT, changed_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_patient ON claims(patient_id);
CREATE INDEX IF NOT EXISTS encounters_patient ON encounters(patient_id);
`;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Creates the tables and, if the patients table is empty, fills them. A file database that
 * already holds data is left alone, so claim updates survive a restart.
 */
export function seedIfEmpty(db: DatabaseSync, seed = 0x5eed): boolean {
  db.exec(SCHEMA);
  const { n } = db.prepare('SELECT count(*) AS n FROM patients').get() as { n: number };
  if (n > 0) return false;
  db.exec('BEGIN');
  try {
    generate(db, mulberry32(seed));
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return true;
}

function generate(db: DatabaseSync, random: () => number): void {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)] as T;
  const insertPatient = db.prepare('INSERT INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertDiagnosis = db.prepare('INSERT INTO diagnoses (patient_id, icd10_code, description, onset_date, status) VALUES (?, ?, ?, ?, ?)');
  const insertMedication = db.prepare('INSERT INTO medications (patient_id, name, dose, frequency, start_date, active) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEncounter = db.prepare('INSERT INTO encounters (patient_id, encounter_date, type, provider, reason_code, reason, cpt_code) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertClaim = db.prepare('INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let claimNumber = 100_001;

  for (let id = 1; id <= PATIENT_COUNT; id++) {
    const [city, state, zip3] = pick(CITIES);
    const [payer, prefix] = pick(PAYERS);
    const dob = TODAY - int(18 * 365, 88 * 365) * DAY;
    insertPatient.run(
      id, `MRN-${pad(100 + id * 13, 6)}`, pick(FIRST), pick(LAST), iso(dob), random() < 0.5 ? 'F' : 'M',
      // Random numbers in the issuable ranges (areas 001-665, groups and serials not zero), so a
      // detector treats them as it would a real SSN: the demo must show real redaction.
      `${pad(int(1, 665), 3)}-${pad(int(10, 99), 2)}-${pad(int(1000, 9999), 4)}`,
      `${int(10, 9899)} ${pick(STREETS)} ${pick(STREET_KINDS)}`, city, state, `${zip3}${pad(int(1, 99), 2)}`,
      `(${pick(AREA_CODES)}) 555-01${pad(int(0, 99), 2)}`, payer, `${prefix}-${pad(int(0, 999_999_999), 9)}`,
    );

    // The problem list: 1 to 4 distinct chronic problems, most still active.
    const problems = shuffle([...PROBLEMS], random).slice(0, int(1, 4));
    for (const [code, description, medication] of problems) {
      const onset = TODAY - int(90, 15 * 365) * DAY;
      const active = random() < 0.85;
      insertDiagnosis.run(id, code, description, iso(onset), active ? 'active' : 'resolved');
      if (medication) insertMedication.run(id, medication[0], medication[1], medication[2], iso(onset + int(0, 60) * DAY), active ? 1 : 0);
    }

    // 2 to 5 visits over the last two and a half years, each billed as one claim.
    const visits = Array.from({ length: int(2, 5) }, () => TODAY - int(1, 900) * DAY).sort((a, b) => a - b);
    for (const when of visits) {
      const [type, cpt, base, provider] = pick(VISITS);
      const [reasonCode, reason] = type === 'annual physical' ? PHYSICAL : random() < 0.3 ? pick(ACUTE) : pick(problems);
      const encounter = insertEncounter.run(id, iso(when), type, provider, reasonCode, reason, cpt);
      // Secondary codes: up to two other chronic problems (none on a "without abnormal findings" physical).
      const others = reasonCode === PHYSICAL[0] ? [] : problems.map(([code]) => code).filter((code) => code !== reasonCode);
      const codes = [reasonCode, ...others.slice(0, int(0, 2))];
      const status = claimStatus(random(), TODAY - when);
      const billed = Math.round(base * (0.9 + random() * 0.3) * 100) / 100;
      const paid = status === 'paid' ? Math.round(billed * (0.55 + random() * 0.3) * 100) / 100 : 0;
      insertClaim.run(`CLM-${claimNumber++}`, id, Number(encounter.lastInsertRowid), payer, iso(when),
        iso(when + int(1, 10) * DAY), cpt, codes.join(','), status, billed, paid);
    }
  }
}

/** Fisher-Yates: a sort with a random comparator would depend on the engine's sort algorithm. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Old claims have mostly been settled; recent ones are still moving. */
function claimStatus(roll: number, ageMs: number): ClaimStatus {
  if (ageMs < 30 * DAY) return roll < 0.5 ? 'submitted' : 'in_review';
  if (roll < 0.55) return 'paid';
  if (roll < 0.65) return 'approved';
  if (roll < 0.85) return 'denied';
  if (roll < 0.93) return 'appealed';
  return 'in_review';
}
