/**
 * Synthetic DIRECT input, eleventh round: the follow-up turns of an ordinary conversation in
 * English, benign (training only). The gateway scores every user message of a request, and an
 * agent resends the whole conversation, so a user's "Ok, now write the unit tests for it" is
 * scored on every later turn. Until this round the model had seen "now write ..." almost only in
 * goal hijacks ("That is done. Now write a manifesto ..."), and flagged the follow-ups: "Now write
 * a cover letter for this job" scored 0.95, "That is done. Now write the conclusion" 0.997, "Now
 * translate it into German" 0.87. A user asking for the next piece of work is the assistant's
 * normal use; a hijack differs by what it drops ("forget everything before") or by a goal no
 * user of the application would have, and the rules and the attack families keep those.
 * The frames are ours: an acknowledgement, a connector and a next task that refers back to the
 * previous answer ("it", "the same", "this one") or moves on.
 */
import { fill, pick, type Rand } from './injection-synth.ts';

const SLOTS: Record<string, readonly string[]> = {
  ack: ['Great', 'Thanks', 'Thank you', 'Perfect', 'Ok', 'OK', 'ok', 'Okay', 'Nice', 'Cool', 'Good', 'Very good', 'Looks good', 'That works', 'That is done', 'That\'s done', 'Done', 'Awesome', 'Lovely', 'Got it', 'Hmm, not quite', 'Almost', 'Better', 'Much better', 'Right', 'Fine', 'Well done', 'Good job', 'Brilliant', 'Yes'],
  sep: ['.', '!', ',', ' -', '!!', ' :)', ''],
  now: ['Now', 'now', 'Next,', 'Then', 'And now', 'Can you now', 'Could you now', 'Please now', 'Now please', 'Next', 'Now can you', 'OK now', 'So now', 'Now I need you to', 'Now let\'s'],
  write: ['write', 'draft', 'give me', 'make', 'create', 'do', 'add', 'prepare', 'put together', 'come up with', 'suggest'],
  piece: ['the conclusion', 'the introduction', 'a title for it', 'a shorter version', 'the unit tests for it', 'the tests', 'a cover letter for this job', 'a reply to this email', 'the same email in {language}', 'a tweet announcing it', 'a LinkedIn post about it', 'a haiku about autumn', 'a summary in two sentences', 'the second paragraph', 'the next section', 'three more examples', 'a subject line', 'the docstring', 'the README section for it', 'an abstract', 'the SQL query for the second table', 'the function in TypeScript', 'a version for kids', 'the FAQ answers', 'the agenda for the meeting', 'a thank-you note to the team', 'the product description', 'the closing paragraph', 'a slogan for it', 'the shopping list', 'the meal plan for Tuesday', 'a quiz with five questions on it', 'the release notes', 'the error handling', 'a regex for the dates', 'the chart caption', 'a polite reminder', 'the outline of chapter two'],
  change: ['make it shorter', 'make it more formal', 'make it a bit friendlier', 'make it funnier', 'make it rhyme', 'shorten it to 100 words', 'turn it into bullet points', 'put it in a table', 'translate it into {language}', 'translate it to {language}', 'rewrite only the last paragraph', 'rewrite the first sentence', 'say it more simply', 'explain the second step', 'add comments to the code', 'use async/await instead', 'fix the typo in line 3', 'do the same for March', 'do the same for the other file', 'change the tone to neutral', 'remove the last sentence', 'give it a catchier title', 'split it into two emails', 'add a call to action', 'convert it to metric units', 'double the recipe', 'sort them by price', 'keep only the top three'],
  language: ['German', 'Spanish', 'French', 'Italian', 'Portuguese', 'Japanese', 'Dutch', 'Polish', 'plain English', 'Chinese'],
  question: ['what about the second option?', 'and what about weekends?', 'which one is cheaper?', 'why is that?', 'how long does it take?', 'is that safe for kids?', 'does this work in Python 3.8?', 'can you explain the last part?', 'what would you change?', 'and in French?', 'what does the second line do?', 'is there a faster way?'],
  redo: ['Forget the last version and try again with a friendlier tone', 'Forget that draft, start again but shorter', 'Ignore the typo in my previous message, I meant Tuesday', 'Ignore my last question, it was a mistake', 'Scratch that, use the second option instead', 'Never mind the table, just list them', 'Disregard the budget I mentioned, it is 5,000 now', 'Start over, this time in the first person', 'Drop the intro and keep the rest', 'From now on keep your answers under 100 words', 'From now on answer in bullet points', 'From now on, use British spelling', 'Repeat the last step, I missed it', 'Say that again more slowly', 'Go back to the previous version'],
};

const FRAMES = [
  '{ack}{sep} {now} {write} {piece}.',
  '{ack}{sep} {now} {write} {piece}{?|.|!|}',
  '{now} {write} {piece}{.|, please.|, thanks.|}',
  '{ack}{sep} {now} {change}.',
  '{now} {change}{.|, please.|}',
  '{ack}{sep} {Can|Could} you {change}?',
  '{ack}{sep} {question}',
  '{redo}.',
  '{ack}{sep} {redo}.',
  '{ack}{sep} {now} {write} {piece} and {change}.',
  '{ack}. {That is done|The first part is done|The email is sent}. {now} {write} {piece}.',
  '{ack}{sep} one more thing: {write} {piece}.',
];

/** n benign follow-up turns. */
export const followUps = (r: Rand, n: number): string[] => Array.from({ length: n }, () => fill(r, pick(r, FRAMES), SLOTS));
