/**
 * Record references among a call's arguments: `"order_id": "114-5530218"`, `"thread_ts":
 * "1742281520.004400"`, `"claim_number": 88120449`. Identifiers (detect/identifiers.ts) count any
 * number of seven digits or more, since in running text a number that long may be an account or
 * a phone; but under an argument whose name says it picks a record the call acts on, a number
 * names that record, not where something goes or whom to pay. An agent rightly takes it from the
 * tool result that listed the record, so argument provenance does not ask who supplied it: such
 * values were 8 of the 34 benign calls it flagged in the dev halves it was built on, 14 of 100
 * over the three blind sets (eval/provenance.ts).
 *
 * Only numbers are let go (detect/identifiers.ts, onlyByItsDigits). An address, a web URL, a
 * domain, an IP address or an IBAN under such a name still counts: those send somewhere whatever the argument is called. And the name must be a
 * record's by an allow-list of nouns, in English and the languages agents' tools are most often
 * named in; a name that also says account, card, phone, user, recipient or the like is not one,
 * and a name the lists do not know (`id` alone, an unknown language's noun) stays as it was. A
 * wrong "record" would hide a planted payee; a wrong "target" only asks a person once more.
 */

/** What ends a record reference's name: an id, a timestamp (Slack's `ts`), a number or a reference. */
const SUFFIXES = new Set(['id', 'ids', 'ts', 'uuid', 'guid', 'gid', 'number', 'numbers', 'no', 'nr', 'num', 'ref', 'numero', 'nummer', 'numer', 'nro']);

/** Nouns of records a call acts on (each as written in names: singular, a few plurals, ASCII). */
const RECORD_NOUNS = new Set([
  // Commerce and travel
  'order', 'orders', 'item', 'items', 'line', 'product', 'sku', 'variant', 'listing', 'cart', 'invoice', 'receipt', 'quote', 'estimate',
  'refund', 'return', 'shipment', 'tracking', 'parcel', 'package', 'delivery', 'subscription', 'claim', 'policy', 'deposit', 'loan', 'transaction', 'txn',
  'trip', 'itinerary', 'booking', 'reservation', 'fare', 'flight', 'service', 'confirmation', 'ticket', 'seat', 'room', 'stay',
  // Work and messages
  'message', 'msg', 'thread', 'event', 'post', 'comment', 'reply', 'note', 'task', 'todo', 'issue', 'incident', 'case', 'change', 'request', 'job',
  'build', 'run', 'pipeline', 'deployment', 'commit', 'draft', 'template', 'form', 'submission', 'application', 'appointment', 'meeting', 'report',
  'document', 'doc', 'file', 'folder', 'sheet', 'spreadsheet', 'record', 'entry', 'row', 'lead', 'deal', 'opportunity', 'project', 'milestone',
  'alert', 'review', 'survey', 'response', 'batch', 'shift', 'visit', 'encounter', 'prescription', 'referral', 'lab', 'result', 'chart',
  // Other languages (ASCII, as in names)
  'pedido', 'bestellung', 'commande', 'ordine', 'encomenda', 'zamowienie', 'reserva', 'buchung', 'prenotazione', 'rezerwacja', 'reservering',
  'factura', 'fattura', 'rechnung', 'facture', 'fatura', 'faktura', 'billete', 'biglietto', 'bilhete', 'termin', 'cita', 'alteracao', 'cambio',
  'aenderung', 'solicitud', 'antrag', 'demande', 'richiesta', 'expediente', 'vorgang', 'dossier', 'fichier', 'datei', 'archivo', 'documento',
  'dokument', 'mensaje', 'nachricht', 'messaggio', 'mensagem', 'evento', 'reunion', 'reuniao', 'besprechung', 'riunione', 'tarea', 'aufgabe',
  'tache', 'compito', 'tarefa', 'zadanie', 'envio', 'sendung', 'livraison', 'spedizione', 'versand', 'reclamacao', 'reclamacion', 'sinistro',
]);

/** Words that make a name a target, whatever record it also names (`transaction_account_number`, `order_recipient_id`). */
const TARGET_WORDS = new Set([
  'account', 'acct', 'iban', 'routing', 'bank', 'card', 'phone', 'mobile', 'tel', 'fax', 'wallet', 'payee', 'payer', 'recipient', 'recipients',
  'beneficiary', 'email', 'mail', 'user', 'username', 'member', 'contact', 'customer', 'client', 'chat', 'channel', 'group', 'destination', 'dest',
  'target', 'to', 'webhook', 'url', 'host', 'address', 'owner', 'assignee', 'grantee', 'guest', 'person', 'vendor', 'merchant', 'biller',
  'konto', 'cuenta', 'compte', 'conta', 'telefono', 'telefon', 'destinatario', 'empfaenger', 'empfanger', 'beneficiario', 'usuario', 'utilisateur', 'benutzer',
]);

const WORD_BREAK = /[^a-zA-Z0-9]+|(?<=[a-z0-9])(?=[A-Z])/;

/**
 * Whether an argument's name says it picks a record: its own key, or, when the key is only a
 * suffix (`{"order": {"id": ...}}`), the top-level name it sits under with that suffix.
 */
export function namesRecord(key: string, topLevelName: string): boolean {
  let words = wordsOf(key);
  if (words.length === 1 && SUFFIXES.has(words[0]!) && topLevelName !== key) words = [...wordsOf(topLevelName), words[0]!];
  // Slack's message timestamps, alone: `{"channel": "C01", "ts": "1742193600.000300"}`.
  if (words.length === 1) return words[0] === 'ts';
  if (!SUFFIXES.has(words[words.length - 1]!)) return false;
  let record = false;
  for (const word of words) {
    if (TARGET_WORDS.has(word)) return false;
    record ||= RECORD_NOUNS.has(word);
  }
  return record;
}

const wordsOf = (name: string): string[] => name.split(WORD_BREAK).filter((w) => w !== '').map((w) => w.toLowerCase());
