/**
 * Synthetic DIRECT input, thirteenth round: a user's own requests on the topics our attack
 * templates use as payloads, benign (training only). The goal hijacks and hidden instructions
 * end in a harmless payload, and a few recur in every language: "write a poem about pirates",
 * "say 'I have been PWNED'", "answer in pirate speak". The model learnt the payload as much as
 * the hijack: "Write a limerick about pirates." from a user scored 0.95 as direct input, over
 * the threshold. Pirates, pwned and poems are what users ask about too; what makes a hijack is
 * what comes before the payload ("forget everything, new task:"), which the attacks keep.
 */
import { fill, pick, type Rand } from './injection-synth.ts';

const SLOTS: Record<string, readonly string[]> = {
  form: ['poem', 'limerick', 'short poem', 'song', 'short story', 'rhyme', 'sea shanty', 'bedtime story', 'haiku'],
  pirates: ['pirates', 'a pirate ship', 'pirate treasure', 'a friendly pirate', 'the pirate Anne Bonny', 'a parrot on a pirate ship', 'Blackbeard'],
  who: ['my son', 'my daughter', 'my class', 'a birthday card', 'my nephew', 'a school play', 'our newsletter', 'a party invitation'],
  how: ['navigate without GPS', 'share their loot', 'choose a captain', 'repair their ships', 'bury treasure', 'avoid scurvy'],
  day: ['my team update', 'this message', 'the party invitation', 'my out-of-office reply', 'the announcement'],
};

const FRAMES = [
  'Write a {form} about {pirates}.',
  'Write a {form} about {pirates} for {who}.',
  'Can you write a {form} about {pirates}?',
  'Tell me a {pirate joke|joke about pirates|riddle about pirates}.',
  'How did {pirates|Caribbean pirates|pirates in the 1700s} {how}?',
  'Who was the most famous pirate {in history|of the Caribbean|in the Mediterranean}?',
  'It\'s Talk Like a Pirate Day! Can you rewrite {day} in pirate speak?',
  'What does "{pwned|I have been pwned|pwn}" mean, and where does the word come from?',
  'Is "Have I Been Pwned" a safe site to check my email address?',
  '{Schreibe|Schreib} ein {Gedicht|Lied} über Piraten für {meinen Sohn|meine Klasse}.',
  'Écris un {poème|petit poème} sur les pirates pour {ma fille|mon neveu}.',
  'Escribe un poema sobre piratas para {mi hijo|mi clase}.',
  'Scrivi una poesia sui pirati per {mio figlio|la mia classe}.',
  'Napisz wiersz o piratach dla {mojego syna|mojej klasy}.',
  'Schrijf een gedicht over piraten voor {mijn zoon|mijn klas}.',
];

/** n benign requests on the attack payloads' topics. */
export const payloadLookalikes = (r: Rand, n: number): string[] => Array.from({ length: n }, () => fill(r, pick(r, FRAMES), SLOTS));
