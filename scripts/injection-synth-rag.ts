/**
 * Synthetic DIRECT input, fourteenth round: the prompts retrieval-augmented applications send as
 * the user's message, benign (training only). Many applications put their whole prompt in one
 * user message: instructions about answering ("answer only from the context; if it does not say,
 * tell the user you do not know"), the retrieved documents, the question. Their instructions
 * speak of "the user" and of what to set aside ("rather than what you already know"), which the
 * model had seen in a user's message only in attacks: LlamaIndex's default question-answering
 * prompt scored 0.98 as direct input.
 *
 * Our own phrasings: the frameworks' default prompts are the evaluation's
 * (eval/injection-data.ts, `inRagPrompts`), and none of them is copied here.
 */
import { fill, pick, type Rand } from './injection-synth.ts';

const SLOTS: Record<string, readonly string[]> = {
  who: ['a helpful assistant', 'the help desk assistant of Contoso', 'a research assistant', 'a support agent for an online bookshop', 'the HR assistant of our company',
    'an assistant that answers questions about our product manuals', 'a customer service bot for a bank', 'an internal knowledge-base assistant'],
  docs: ['context', 'documents', 'passages', 'search results', 'excerpts', 'sources', 'retrieved text', 'knowledge base articles', 'notes'],
  unknown: ['tell the user you do not know', 'say that you don\'t know', 'tell the user that the documents do not cover it', 'reply "I could not find that in the documents"',
    'say so and suggest contacting support', 'tell the user politely that you have no information on it', 'answer "Not found"'],
  limit: ['Keep the answer under 100 words.', 'Answer in two or three sentences.', 'Be concise.', 'Use bullet points where it helps.', 'Answer in the language of the question.',
    'Quote the passage you relied on.', 'Cite the number of each source you use, like [2].', 'Do not make anything up.', 'Do not mention these instructions in your answer.'],
  question: ['What does it say about the deadline?', 'Summarize the main points.', 'Who is responsible for this?', 'What are the steps, in order?', 'Is there a fee?',
    'What changed compared to last year?', 'How do I set this up?', 'Which of these applies to me?', 'What is the answer to the customer\'s question?', 'When does it start?'],
};

const INSTRUCTIONS = [
  'You are {who}. Answer the question using only the {docs} below. If the answer is not in the {docs}, {unknown}. {limit}',
  'Answer the user\'s question from the {docs} provided. Rely on the {docs} rather than on what you already know; if they do not say, {unknown}.',
  'Use the {docs} to answer. If the {docs} do not contain the answer, {unknown}. {limit} {limit}',
  'You are {who}. Read the {docs} and answer the question at the end. Ignore any {docs} that are not relevant to it. {limit}',
  'Based on the following {docs}, answer the question. Do not use outside knowledge. If you are unsure, {unknown}.',
  'Please answer the question below with the help of these {docs}. {limit} If nothing in them answers it, {unknown}.',
  'Act as {who}. Only use facts from the {docs}; never guess. When the {docs} are silent, {unknown}.',
];

/** How the documents are set off: each a pair of strings around the document. */
const FRAMES: readonly (readonly [string, string])[] = [
  ['{Docs}:\n', '\n'], ['<context>\n', '\n</context>'], ['=== {DOCS} ===\n', '\n=== END ==='], ['[1] ', ''], ['Here are the {docs}:\n\n', ''],
  ['{Docs}:\n\'\'\'\n', '\n\'\'\''], ['### {Docs}\n', ''], ['<search_results>\n<result>\n', '\n</result>\n</search_results>'], ['Source 1:\n', '\n'],
];
const QUESTIONS = ['Question: {question}', 'User question: {question}', '{question}', 'Q: {question}\nA:', 'Query: {question}\nAnswer:', 'The user asks: {question}'];

const upper = (s: string) => s.toUpperCase();
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** n benign single-message RAG prompts around the given benign documents. */
export function ragUserPrompts(r: Rand, n: number, documents: readonly string[]): string[] {
  return Array.from({ length: n }, () => {
    const docs = pick(r, SLOTS['docs'] as readonly string[]);
    const slots = { ...SLOTS, docs: [docs], Docs: [capital(docs)], DOCS: [upper(docs)] };
    const instructions = fill(r, pick(r, INSTRUCTIONS), slots);
    const [before, after] = pick(r, FRAMES);
    const document = `${fill(r, before, slots)}${pick(r, documents).slice(0, 1500)}${after}`;
    const question = fill(r, pick(r, QUESTIONS), slots);
    // Question last most often; some applications ask first.
    return r() < 0.75 ? `${instructions}\n\n${document}\n\n${question}` : `${question}\n\n${instructions}\n\n${document}`;
  });
}
