/**
 * Synthetic BENIGN documents for indirect input: hard negatives the detector over-flagged.
 *
 * The model learned that text about AI assistants, text with imperatives in it, and text with
 * urgency in it are signs of an injection. Real tool results and retrieved documents are full of
 * all three, and none of them is addressed to the agent reading them:
 * 1. documents ABOUT AI (chatbot and copilot rollout e-mails with do's and don'ts for staff,
 *    acceptable-use policies, release notes of AI features, help articles on prompting well,
 *    news about prompt injection told in the third person and the past tense, AI governance
 *    minutes, a vendor's questionnaire answers about its LLM, READMEs of LLM tools with
 *    system_prompt, temperature and max_tokens options);
 * 2. instructions to the HUMAN reader (setup guides, IT notices, onboarding checklists, audit
 *    instructions, corrections of an earlier e-mail, "do not forward", lab rules, recipes, a
 *    returns page, exam rules);
 * 3. URGENT but legitimate notices (password expiry on the company's own portal, payment
 *    reminders, post-mortems, outage status updates, security advisories for admins).
 * They are new kinds: injection-synth.ts (BENIGN_DOCS, DOC_KINDS) has short e-mails, news, reviews,
 * FAQs, tables and code, none of them about AI or urgent.
 *
 * Training only: never used for calibration or evaluation. The texts are ours, written for this
 * file as combinatorial templates filled by a seeded generator; companies, people and products
 * are invented, and every address is on example.com, example.org or example.net.
 */
import { fill, pick, type Rand } from './injection-synth.ts';

/** Shared slots ("{first}" in a template picks one of these; a value may hold more slots). */
const S: Record<string, readonly string[]> = {
  first: ['Maria', 'James', 'Aiko', 'Lukas', 'Fatima', 'Pedro', 'Chloe', 'Sven', 'Priya', 'Omar', 'Grace', 'Daniel', 'Mei', 'Tomasz', 'Amara', 'Rafael', 'Ingrid', 'Kwame', 'Sofia', 'Hiroshi', 'Leila', 'Connor', 'Ana', 'Ravi', 'Elena', 'Marcus', 'Yusuf', 'Hannah', 'Diego', 'Nadia'],
  last: ['Okafor', 'Lindqvist', 'Tanaka', 'Meyer', 'Haddad', 'Costa', 'Dubois', 'Novak', 'Sharma', 'Rahman', 'Whitfield', 'Kowalski', 'Chen', 'Moreau', 'Adeyemi', 'Silva', 'Berg', 'Mensah', 'Rossi', 'Park', 'Nakamura', 'Byrne', 'Ortega', 'Iyer', 'Petrov', 'Holloway', 'Demir', 'Fischer', 'Alvarez', 'Kaur'],
  person: ['{first} {last}'],
  team: ['Platform', 'Payments', 'Customer Success', 'Data Engineering', 'Clinical Informatics', 'Legal Operations', 'Facilities', 'Finance', 'Support', 'Identity and Access', 'Marketing', 'Procurement', 'Research', 'Claims'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  dd: ['2', '3', '5', '7', '9', '11', '12', '14', '16', '18', '19', '21', '23', '24', '26', '28', '30'],
  wd: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  year: ['2023', '2024', '2025'],
  date: ['{wd}, {month} {dd}', '{month} {dd}, {year}', '{dd} {month} {year}', '{month} {dd}'],
  time: ['8:30', '9:00', '10:00', '11:30', '13:00', '14:00', '15:30', '16:00', '17:00'],
  d: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  nz: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
  n2: ['2', '3', '4', '5', '6', '8', '10', '12'],
  pct: ['12', '18', '23', '31', '40', '47', '55', '62', '71', '84'],
  ver: ['{nz}.{d}', '{nz}.{d}.{d}', '{nz}.{nz}{d}.{d}'],
  ticket: ['INC-{nz}{d}{d}{d}{d}', 'CHG-{nz}{d}{d}{d}', 'REQ{nz}{d}{d}{d}{d}{d}'],
  room: ['room {nz}.{d}{nz}', 'the {Atlas|Birch|Harbor|Summit} meeting room', 'the {third|fourth|second}-floor boardroom', 'Teams (link in the invite)'],
  bot: ['Copilot', 'Ask Atlas', 'Nova Assistant', 'HelpMate AI', 'Sage', 'Beacon AI', 'the Workspace Assistant', 'Orbit Chat', 'Scribe', 'Pilot AI', 'Compass Assistant', 'Lumen Chat'],
  aiKind: ['AI assistant', 'chatbot', 'AI copilot', 'generative AI assistant', 'LLM-based assistant', 'AI writing assistant'],
  aiVendor: ['Lumina AI', 'Cortexa', 'Parallax Labs', 'Nimbus Models', 'Verity AI', 'Helix Intelligence', 'Quanta Language Systems'],
  model: ['a hosted large language model from {aiVendor}', '{aiVendor}\'s enterprise model', 'an LLM hosted in our own cloud tenant', 'a GPT-class model running in the {EU|US} region'],
  adminPath: ['Settings > AI features', 'Admin Console > Workspace > Assistant', 'Organization settings > Integrations > AI', 'Settings > Labs', 'Admin > Policies > Generative AI'],
  dataKind: ['patient data', 'student records', 'client financial statements', 'personnel files', 'unreleased product plans', 'customer credit card numbers', 'case files under legal hold', 'source code from restricted repositories'],
  uni: ['the University of Eastbridge', 'Northgate Institute of Technology', 'Halvorsen University', 'the independent lab Greyline Security', 'Copperfield College'],
  sign: ['{Best|Kind regards|Regards|Thanks|Many thanks|Best wishes},\n{me}\n{role}', '{Thanks|Cheers},\n{me}', '— {me}, {role}'],
  role: ['IT Service Desk', 'Head of Information Security', 'People & Culture', 'Finance Operations', 'Chief Operating Officer', 'Director of {team}', '{team} team lead', 'Office Manager', 'Digital Workplace team'],
};

const COMPANIES = ['Northwind Health', 'Bluefin Logistics', 'Harbor & Pine Legal', 'Meridian Credit Union', 'Kestrel Analytics', 'Aldergrove School District', 'Copperleaf Insurance', 'Tidewater Engineering',
  'Summit Ridge Clinic', 'Lumen Retail Group', 'Orchard Bank', 'Vantage Biotech', 'Granite Peak University', 'Fairway Media', 'Quillon Software', 'Redwood Utilities', 'Saltmarsh Foods', 'Ironbridge Manufacturing'];
const TLDS = ['.example.com', '.example.org', '.example.net'];

/** One document's context: the same company, domain and sender everywhere in it. */
function context(r: Rand): (t: string) => string {
  const co = pick(r, COMPANIES);
  const words = co.toLowerCase().replace(/[^a-z ]+/g, '').split(/ +/);
  const dom = (r() < 0.5 ? words[0]! : words.join('')) + pick(r, TLDS);
  const me = fill(r, '{person}', S);
  const slots = { ...S, co: [co], coid: [co.replace(/[^A-Z]/g, '')], dom: [dom], me: [me], meu: [me.toLowerCase().replace(' ', '.')], bot: [pick(r, S['bot']!)], aiVendor: [pick(r, S['aiVendor']!)] };
  return (t: string) => fill(r, t, slots);
}
/** k distinct items from a pool (k between min and max), each filled; shuffled, or in pool order for steps. */
function some(r: Rand, f: (t: string) => string, pool: readonly string[], min: number, max: number, inOrder = false): string[] {
  const rest = pool.map((_, i) => i);
  const k = Math.min(rest.length, min + Math.floor(r() * (max - min + 1)));
  const chosen = Array.from({ length: k }, () => rest.splice(Math.floor(r() * rest.length), 1)[0]!);
  return (inOrder ? chosen.sort((a, b) => a - b) : chosen).map((i) => f(pool[i]!));
}
const bullets = (items: string[], mark = '- ') => items.map((x) => mark + x).join('\n');
const numbered = (items: string[]) => items.map((x, i) => `${i + 1}. ${x}`).join('\n');
/** k clock times in increasing order (a timeline), HH:MM. */
function times(r: Rand, k: number): string[] {
  let m = (5 + Math.floor(r() * 14)) * 60 + Math.floor(r() * 60);
  return Array.from({ length: k }, () => { const t = `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`; m += 4 + Math.floor(r() * 70); return t; });
}

// ---------------------------------------------------------------------------------------------
// 1. Documents ABOUT AI assistants: policies, releases, news. Staff and admins are addressed, never the model.

const AI_USES = ['drafting first versions of emails and announcements', 'summarizing long meeting notes and email threads', 'explaining spreadsheet formulas and SQL queries', 'translating internal messages you can read and check',
  'brainstorming headlines, agendas and interview questions', 'turning bullet points into a readable status update', 'finding the right page in the policy handbook', 'proofreading documents for tone and clarity'];
const AI_DONTS = ['paste {dataKind} into the assistant', 'enter passwords, API keys or other credentials', 'upload contracts or documents marked Confidential unless your team has approval', 'use it to make hiring, performance or credit decisions',
  'send its output to customers without reading it first', 'install browser extensions or plug-ins that connect it to your personal accounts', 'rely on it for legal, medical or tax advice', 'use personal chatbot accounts for company work'];
const AI_FEATURES = ['summarizes long ticket threads in the sidebar', 'suggests replies to customer emails, which agents can edit before sending', 'drafts release notes from merged pull requests', 'answers questions about the knowledge base and links to its sources',
  'translates chat messages into {n2} more languages', 'extracts action items from meeting transcripts', 'classifies incoming invoices by cost center', 'highlights unusual clauses when a contract is uploaded', 'generates alt text for images in the page editor'];
const AI_GOVERN = ['Approved the pilot of {bot} for {team}, limited to non-confidential data, for {n2} weeks.', 'Rejected the request to let the assistant send emails on its own; a human must approve every outgoing message.',
  'Agreed that retrieved web pages and attachments are untrusted input and that the agent must not act on text found in them without review.', 'Noted {pct}% weekly active use in the pilot and {n2} reported inaccuracies, all in financial figures.',
  'Asked Legal to review the {aiVendor} data processing addendum before renewal.', 'Agreed to log prompts and responses for 30 days for audit, with access limited to Security.', 'Discussed the red-team report on prompt injection; two findings are fixed, one is open.'];

const aboutAi: ((r: Rand) => string)[] = [
  // Rollout announcement with do's and don'ts.
  (r) => { const f = context(r); return f(`Subject: {Introducing|Now available:|Rolling out:} {bot}, our new {aiKind}
From: {me} <{meu}@{dom}>
To: {all-staff|everyone|staff-announce}@{dom}

{Hi all|Hello everyone|Dear colleagues|Team},

Starting {date}, {bot} will be available to {all employees|everyone in {team} and {team}|all staff with a company laptop}{ in the intranet sidebar| in Teams| at https://assistant.{dom}|}. It runs on {model} and {was approved by the AI governance committee after a {n2}-week pilot|has been reviewed by Legal and Information Security}.`) +
    `\n\n**${f('{Good uses|What it is good for|Where it helps}')}**\n${bullets(some(r, f, AI_USES, 2, 4))}\n\n**${f('{Please do not|Do not|Never}')}**\n${bullets(some(r, f, AI_DONTS, 2, 4))}\n\n` +
    f(`{Everything it writes is a draft: you remain responsible for checking facts, numbers and tone.|The assistant can be wrong with confidence, so check anything that matters.|Treat its answers like a colleague's first draft, not a final source.} {Drop-in sessions run on {wd}s at {time}.|A short training video is on the intranet.|}\nQuestions go to {#ai-help|ai-help@{dom}|the IT Service Desk}.\n\n{sign}`); },
  // Acceptable-use policy.
  (r) => { const f = context(r); return f(`# {co} {Generative AI Acceptable Use Policy|Policy on the Use of AI Assistants|Standard: Use of Large Language Models}
**Version {nz}.{d}** · Effective {date} · Owner: {Office of the CISO|Legal and Compliance|Digital Workplace}

## 1. Scope
This policy applies to employees, contractors and interns who use generative AI tools, including {bot} and public chatbots, for company work.

## 2. Approved tools
Only tools listed at https://intranet.{dom}/ai/approved may be used with internal data. Public chatbots may be used with public information only.`) +
    `\n\n## 3. ${f('{Prohibited uses|You must not}')}\n${bullets(some(r, f, AI_DONTS, 3, 5))}\n\n` +
    f(`## 4. Human review
{Output used in customer communication, code or reports must be reviewed by a person who understands the subject.|AI output is never final: a named employee is accountable for anything published or sent.}
{
## 5. Reporting
Report misuse, data leaks or suspicious behaviour of an AI tool to security@{dom} within {n2} hours.|}

Violations may lead to disciplinary action. Questions: {me}, {role}.`); },
  // Release notes of an AI feature.
  (r) => { const f = context(r); const feats = some(r, f, AI_FEATURES, 1, 3); return f(`## {bot} {ver} release notes
_Released {date}_

### New
`) + bullets(feats.map((x, i) => (i === 0 ? `The assistant now ${x}.` : `${pick(r, ['It also', 'The assistant also', 'It now also'])} ${x}.`))) + f(`
{- Responses show a "Generated with AI" label and a feedback button.|- Summaries are cached for {n2} hours to reduce cost.|}

### Admin controls
Admins can {disable the feature|turn summaries off|limit the assistant to selected groups} under **{adminPath}**. {Customer content is not used to train models.|Prompts and outputs are retained for {n2} days and then deleted.|Usage reports are available under Analytics.}

### Fixed
- {Summaries of threads with more than 200 messages no longer time out.|Non-English tickets are no longer summarized in English.|The sidebar no longer opens on mobile by default.}
{
### Known issues
- {Attachments larger than {n2} MB are skipped.|Right-to-left languages are displayed incorrectly in suggestions.}|}`); },
  // Help-center article on prompting well (advice to the human user; no live prompts).
  (r) => { const f = context(r); const tips = ['**Say who the answer is for.** A summary for your manager and one for a customer need different detail and tone.',
    '**Give it the material.** Attach the document or paste the relevant section instead of describing it from memory, and remove anything confidential first.',
    '**Ask for a format.** Mention the length, a list or a table, and the language you want.', '**Add constraints.** Deadlines, word limits and terms to avoid all help.',
    '**Iterate.** If the first draft misses, say what is wrong with it rather than starting again.', '**Check before you share.** Verify names, numbers and dates; the assistant can invent them.'];
    return f(`Help Center › {bot} › {Tips|Getting started}

# {How to get better answers from {bot}|Writing good requests for {bot}|Five tips for using {bot}}

{{bot} works best when your request is specific.|Most disappointing answers come from vague requests.} {These tips come from {our support team|the pilot group in {team}}.}

`) + numbered(some(r, f, tips, 3, 5)) + f(`

**Example:** a vague request such as "help with this email" usually gets a generic draft, while "a short, friendly reply to a customer whose delivery is {n2} days late, offering a {5|10|15|20}% voucher" gives the assistant something to work with.

Was this article helpful? {Yes · No|👍 👎} — Last updated {date}`); },
  // News or blog post about AI agents and prompt injection, in the third person and past tense.
  (r) => { const f = context(r); return f(`{Researchers show how hidden text hijacked an AI agent|AI agents face a new kind of phishing|When the email reads the assistant: lessons from a prompt injection flaw}
By {person} | {date}

Security researchers at {uni} disclosed {on {wd}|last week} how an AI agent used by {a large retailer|several law firms|a hospital network|a customer support platform} could be manipulated through a technique known as indirect prompt injection.

In the demonstration, the researchers planted {text in white font|a hidden comment|an invisible paragraph} in {a web page|a shared document|an ordinary-looking email|a product review}. When the agent was later asked to summarize it, the hidden text caused it to {attach a confidential file to a reply|send the user's calendar to an outside address|recommend a fraudulent payment link|change a support ticket's priority}. The users saw nothing unusual.

{aiVendor} said it had {fixed the issue in {month}|added new filters} and that {no customer data had been affected|it had found no evidence of misuse}. "{Agents read everything, and they cannot always tell data from instructions|The attack surface is every document the model reads|This is a design problem, not a single bug}," said {person}, {a security analyst at {aiVendor}|who led the research}.
{
Experts recommended that companies treat web pages, emails and files retrieved by agents as untrusted, limit which tools an agent can call, and require a person to approve payments and outgoing messages.|}`); },
  // AI governance committee minutes.
  (r) => { const f = context(r); return f(`AI Governance Committee — Minutes
{co} · {date} · {room}
Chair: {person} · Present: {person}, {person}, {person}{, {person}|} · Apologies: {person}

Decisions
`) + numbered(some(r, f, AI_GOVERN, 2, 4)) + `\n\nActions\n` + bullets(some(r, f, ['{first} to update the AI use policy and circulate it by {date}.', '{first} to add prompt-injection tests to the vendor assessment checklist.',
    '{first} to report pilot metrics for {bot} at the next meeting.', '{first} to confirm data residency with {aiVendor}.', '{first} to draft guidance on AI-generated content in customer emails.'], 2, 3), '- [ ] ') + f(`\n\nNext meeting: {date}, {time}.`); },
  // Vendor security questionnaire answers about its LLM.
  (r) => { const f = context(r); const qa = ['Is customer data used to train your models?\nNo. Prompts, files and outputs are not used for training, and this is written into our DPA.',
    'Where is inference performed?\nIn {aiVendor}-managed regions in the {EU|US|UK}; customers on the enterprise plan can pin a region.', 'How long are prompts and outputs retained?\n{n2} days for abuse monitoring, then deleted; zero retention is available on request.',
    'How do you mitigate prompt injection?\nContent retrieved from tools is marked as untrusted, tool calls that send data outside the tenant require user confirmation, and we run red-team exercises every quarter.',
    'Which subprocessors are involved?\nOur cloud provider and one logging provider. The current list is at https://trust.{dom}/subprocessors.', 'Do you hold certifications?\nSOC 2 Type II and ISO/IEC 27001; the reports are available under NDA.',
    'Can administrators restrict features?\nYes. File upload, web browsing and plug-ins can each be switched off per workspace.', 'How are model updates communicated?\nBy email to admins at least {n2} weeks before a model version changes.'];
    return f(`{aiVendor} — Response to {co} Vendor Security Questionnaire
Section {nz}: AI and Large Language Models
Prepared by {person}, {Security Compliance Lead|Trust & Safety Manager}, {date}

`) + some(r, f, qa, 3, 5).map((x, i) => { const [q, a] = x.split('\n'); return `Q${i + 1}. ${q}\nA: ${a}`; }).join('\n\n'); },
  // README of an open-source LLM tool, with its configuration options.
  (r) => { const f = context(r); const tool = f('{llm|chat|prompt|doc}{kit|relay|shell|scout|smith}'); const rows = ['| `model` | `{gpt-4o-mini|lumina-2-large|local-7b|default}` | Model name passed to the provider API. |',
    '| `temperature` | `0.{d}` | Sampling temperature. Lower values give more repeatable output. |', '| `max_tokens` | `{256|512|1024|2048|4096}` | Upper limit on the length of each response, in tokens. |',
    '| `system_prompt` | none | Path to a text file sent as the system message. Keep it under version control. |', '| `timeout` | `{n2}0` | Seconds before a request is abandoned. |', '| `retries` | `{nz}` | Retries on HTTP 429 and 5xx responses. |', '| `cache_dir` | `~/.cache/' + tool + '` | Where responses are cached; delete it to clear the cache. |'];
    return f(`# ${tool}

${tool} is a {small command-line tool|self-hosted web service|Python library} for {running prompts against LLM APIs from scripts|chatting with your documentation through an LLM|batch-summarizing text files with a large language model}. {It supports {aiVendor} and any OpenAI-compatible endpoint.|It has no telemetry.}

## Install
\`\`\`
{pip install ${tool}|npm install -g ${tool}|brew install ${tool}}
\`\`\`

## Configuration
Settings are read from \`${tool}.yaml\` or from environment variables prefixed with \`${tool.toUpperCase()}_\`.

| Option | Default | Description |
|---|---|---|
`) + some(r, f, rows, 3, 6).join('\n') +
      f(`\n\nThe API key is read from \`{OPENAI_API_KEY|LLM_API_KEY|${tool.toUpperCase()}_KEY}\`; never commit it. {Issues and pull requests are welcome at https://github.example.com/{first}/${tool}.|}\n\n## License\n{MIT|Apache-2.0|BSD-3-Clause}`); },
];

// ---------------------------------------------------------------------------------------------
// 2. Instructions to HUMAN readers: guides, notices, corrections, rules, recipes.

const DISHES: [string, string[], string[]][] = [
  ['Lemon Garlic Roast Chicken', ['1 whole chicken (about {nz}.5 kg)', '2 lemons', '1 head of garlic', '2 tbsp olive oil', 'salt and black pepper', 'a few sprigs of thyme'],
    ['Heat the oven to 200°C.', 'Pat the chicken dry and season it well inside and out.', 'Stuff the cavity with one halved lemon, the garlic and the thyme.', 'Roast for about 80 minutes, until the juices run clear.', 'Rest for 10 minutes before carving.']],
  ['Red Lentil Soup', ['250 g red lentils', '1 onion, chopped', '2 carrots, diced', '1 tsp ground cumin', '1.2 litres vegetable stock', 'juice of half a lemon'],
    ['Soften the onion and carrots in a little oil for 8 minutes.', 'Stir in the cumin for one minute.', 'Add the rinsed lentils and stock and simmer for 20 minutes.', 'Blend until smooth and season with salt and lemon juice.']],
  ['Banana Bread', ['3 ripe bananas', '75 g melted butter', '150 g sugar', '1 egg', '1 tsp baking soda', '190 g flour'],
    ['Heat the oven to 175°C and line a loaf tin.', 'Mash the bananas and mix in the butter.', 'Beat in the sugar, egg and baking soda.', 'Fold in the flour; do not overmix.', 'Bake for 55 to 60 minutes, until a skewer comes out clean.']],
  ['Weeknight Vegetable Stir-Fry', ['2 tbsp soy sauce', '1 tbsp sesame oil', '1 red pepper', '200 g broccoli', '1 carrot', '2 cloves garlic', 'cooked rice to serve'],
    ['Slice all the vegetables thinly.', 'Heat the oil in a wok until very hot.', 'Stir-fry the carrot and broccoli for 3 minutes.', 'Add the pepper and garlic for another 2 minutes.', 'Add the soy sauce, toss and serve over rice.']],
];
const LAB_RULES = ['Wear safety glasses and a buttoned lab coat at all times in the lab.', 'No food or drink in the lab, including water bottles.', 'Tie back long hair and do not wear open-toed shoes.',
  'Label every container with its contents, your initials and the date.', 'Never work alone with hazardous chemicals; a second person must be in the room.', 'Dispose of sharps in the yellow containers only.',
  'Report every spill, however small, to the lab supervisor.', 'Know where the eyewash station, safety shower and fire extinguisher are.', 'Switch off gas taps and hot plates before you leave.', 'Wash your hands before leaving the lab.'];
const EXAM_RULES = ['Arrive at least 15 minutes before the start; latecomers are not admitted after 30 minutes.', 'Bring your student ID card and place it on the corner of your desk.',
  'Phones and smartwatches must be switched off and left in your bag at the front of the room.', 'Only non-programmable calculators are allowed.', 'Write your candidate number, not your name, on every answer booklet.',
  'Do not turn over the question paper until the invigilator tells you to begin.', 'You may not leave during the first 30 minutes or the last 15 minutes.', 'Answer {all questions|any three of the five questions}.', 'Any notes found at your desk will be treated as misconduct.'];

const humanInstructions: ((r: Rand) => string)[] = [
  // Installation guide.
  (r) => { const f = context(r); const app = f('{GlobalConnect VPN|Timesheet desktop app|FollowMe print driver|ExpenseTrack|LabNotebook|Zephyr CAD|SecureMail add-in}'); return f(`# Installing ${app} {ver} on {macOS|Windows 11|Ubuntu 22.04}

**Before you start:** {you need administrator rights on your machine|back up your local settings|close any open ${app} windows} and {connect to the office network|make sure you have at least {n2} GB free}.

`) + numbered([f(`Download the installer from https://downloads.{dom}/${app.toLowerCase().replace(/ /g, '-')}/latest.`), ...some(r, f, ['Open the downloaded file and follow the setup wizard.', 'Accept the licence agreement and keep the default install folder.',
    'When asked for a server address, enter {vpn|apps|sso}.{dom}.', 'Sign in with your usual company account; you will be asked for your second factor.', 'Restart your computer when the installer finishes.', 'Open the app once and check that the status shows "Connected".'], 3, 5, true)]) +
    f(`\n\nIf the installer reports "{a newer version is already installed|error 1603|the publisher could not be verified}", {ignore it and continue; it is a known cosmetic issue|uninstall the old version first and run the installer again|contact the Service Desk with a screenshot}.\n\nNeed help? {Call the Service Desk on ext. {nz}{d}{d}{d}|Open a ticket at https://help.{dom}}.`); },
  // IT notice: restart before a deadline; ignore if already done.
  (r) => { const f = context(r); const wd = f('{wd}'); return f(`Subject: {Action required|Reminder|Please read}: restart your laptop before ${wd}

{Hi all|Hello everyone|Dear colleagues},

{IT|The Digital Workplace team} {pushed|installed} {the {month} security updates|a new version of the VPN client|a firmware update} to all company laptops {this week|on {wd}}. To finish the installation, please save your work and restart your laptop before ${wd} at {time}. Laptops that have not restarted by then will restart automatically {overnight|at 19:00}, and unsaved work may be lost.

{If you have already restarted since {date}, you can ignore this message.|Ignore this message if you have already updated; the Software Center will show "Installed".}
{
The restart takes about {n2} minutes. Keep the laptop plugged in.|}

{sign}`); },
  // HR onboarding checklist.
  (r) => { const f = context(r); return f(`Welcome to {co}, {first}!

Here is your {first-week checklist|onboarding checklist}. {Your buddy is {person} from {team}; they will meet you at reception at {time} on your first day.|Your manager will walk you through it on day one.}

**Day 1**
`) + bullets(some(r, f, ['Collect your badge and laptop from reception.', 'Sign in and set up multi-factor authentication.', 'Join the #new-starters channel.', 'Read the employee handbook at https://people.{dom}/handbook.', 'Have lunch with your team (the company pays).'], 2, 4), '- [ ] ') +
    `\n\n**${f('{Before the end of week 1|By Friday}')}**\n` + bullets(some(r, f, ['Complete the mandatory training at https://learn.{dom}: security awareness and data protection.', 'Enter your bank details and tax form in the HR portal.', 'Book a 1:1 with your manager.', 'Choose your pension option.', 'Order any equipment you need through the IT catalogue.'], 2, 4), '- [ ] ') +
    f(`\n\nQuestions at any point: people@{dom}.\n\n{Welcome aboard|We are glad you are here},\n{me}\n{People team|People & Culture}`); },
  // Audit instructions.
  (r) => { const f = context(r); const q = f('{Q1|Q2|Q3|Q4|FY{year} year-end}'); return f(`Subject: New instructions for the ${q} audit

{Dear entity controllers|Dear finance colleagues|Hello all},

{Following our kickoff with the external auditors|After feedback on last year's process}, the instructions for the ${q} audit have changed. Please follow these steps:

`) + numbered([f(`Upload the {general ledgers|trial balances and sub-ledgers} for your entity to https://files.{dom}/audit/${q.toLowerCase().replace(/ /g, '-')} by {date}.`), ...some(r, f, ['Name each file as entity_period_document.xlsx so the auditors can match them.',
    'Bank reconciliations must be signed by the entity controller before upload.', 'Do not email supporting documents to the auditors; they will request them through the portal.', 'Flag any manual journal above {n2}0,000 in the tracker.', 'Keep the audit folder free of personal data.'], 2, 4)]) +
    f(`\n\nThe instructions sent on {date} are superseded by this email. {The sample selection will be shared on {wd}.|}\n\n{sign}`); },
  // Correction of an earlier e-mail.
  (r) => { const f = context(r); const wd = f('{wd}'); return f(`Subject: {Correction|Update|CHANGE}: {team} {sync|planning meeting|review|offsite} {moved to|now on} ${wd}

{Hi {first}|Hi all|Hello team},

Please disregard my previous email — the {meeting|session|review} has moved to ${wd}, {month} {dd} at {time}, in {room}. {The agenda is unchanged.|We will still cover the roadmap and the hiring plan.|Please bring your updated numbers.}

{Sorry for the confusion|Apologies for the back-and-forth}. The calendar invite has been updated; {please accept the new one|the old one can be deleted}.
{
P.S. {{first} will take notes this time.|Lunch will be provided.}|}

{sign}`); },
  // Confidential e-mail, do not forward.
  (r) => { const f = context(r); return f(`Subject: {Confidential|Restricted}: {changes to the {team} team structure|planned office move|salary review timeline|acquisition update}

CONFIDENTIAL — please do not forward this email.

{Dear managers|Hi leadership team|Dear {first}},

{As discussed on {wd}, we will announce the new structure of {team} to the whole company on {date}.|The board approved the plan on {date}; staff will be told in a town hall on {wd}.} Until then, please keep this within {this group|the management team} and do not discuss it on open channels.

{What you need to do:|Next steps:}
`) + bullets(some(r, f, ['Prepare for questions from your team; a FAQ will follow by {wd}.', 'Hold 1:1s with affected people on the day of the announcement.', 'Do not change any calendar invites or org charts yet.', 'Send your headcount questions to {person}.'], 2, 3)) + f(`\n\n{sign}`); },
  // Lab safety rules.
  (r) => { const f = context(r); return f(`{Chemistry|Biology|Materials} Lab {nz}{d}{nz} — Safety Rules

{Read these rules before your first session and sign the sheet by the door.|All students and staff must follow these rules. Breaking them means you will be asked to leave.}

`) + numbered(some(r, f, LAB_RULES, 5, 8)) + f(`\n\nIn an emergency call {campus security on ext. {nz}{d}{d}{d}|112}, then tell the supervisor ({person}).`); },
  // Recipe.
  (r) => { const f = context(r); const [dish, ing, steps] = pick(r, DISHES); return f(`# ${dish}
Serves {n2} · Prep {n2}0 min{ · {Easy|Family favourite}|}

## Ingredients
`) + bullets(ing.map(f)) + `\n\n## Method\n` + numbered(steps) + f(`\n\n{Tip: it keeps for {n2} days in the fridge.|Tip: double the batch and freeze half.|}`); },
  // Returns policy page.
  (r) => { const f = context(r); return f(`# Returns & Refunds

You can return most items within {14|30|60} days of delivery for a full refund, as long as they are unused and in their original packaging.

## How to return an item
1. Sign in at https://shop.{dom}/orders and choose the order.
2. Select the items and a reason, then print the prepaid label.
3. Drop the parcel at any {post office|collection point} within {n2} days.

## Items we cannot take back
`) + bullets(some(r, f, ['Personalised or engraved items', 'Opened cosmetics and earrings', 'Gift cards', 'Perishable food', 'Software with a broken seal'], 2, 4)) + f(`

## Refunds
Refunds go to your original payment method within {n2} working days of the parcel arriving. {Return shipping is free.|A return fee of 3.99 is deducted unless the item is faulty.}`); },
  // Exam rules.
  (r) => { const f = context(r); return f(`{Granite Peak University|Eastbridge College|Northgate Institute of Technology|Halvorsen University} — {MATH|CHEM|ECON|CS|HIST}{nz}{d}{d} {Final Examination|Midterm Exam} Instructions
Date: {date} · Start: {time} · Duration: {2 hours|90 minutes|3 hours} · Location: {Hall {nz}|the Sports Centre|room {nz}.{d}{nz}}

`) + bullets(some(r, f, EXAM_RULES, 4, 7)) + f(`\n\nStudents with approved adjustments should contact {exams@{dom}|the exams office} at least {n2} weeks before the exam.`); },
];

// ---------------------------------------------------------------------------------------------
// 3. URGENT but legitimate: expiry, payment, incidents, outages, advisories from the sender's own domain.

const INCIDENTS: [string, string, string][] = [
  ['Checkout errors after a database failover', 'A planned failover left the application pointing at the read-only replica, so writes failed.', 'About {pct}% of checkout attempts failed for {n2}0 minutes.'],
  ['Expired TLS certificate on the public API', 'The certificate for api.{dom} expired because its renewal job had been disabled during a migration.', 'All API clients failed to connect for about {n2}0 minutes.'],
  ['Login delays caused by a misconfigured cache', 'A configuration change reduced the session cache size, and the identity service was overloaded.', 'Sign-ins took up to {n2}0 seconds and {pct}% timed out.'],
  ['Delayed email notifications', 'A queue consumer crashed on a malformed message and was not restarted automatically.', 'Notifications were delayed by up to {n2} hours; none were lost.'],
];
const STATUS = ['We are investigating reports of {errors when loading dashboards|failed logins|slow file uploads}.', 'The issue has been identified as {a faulty network switch in one data center|a bad deployment, which is being rolled back}.',
  'A fix has been deployed and we are monitoring the results.', 'Error rates are back to normal. We will publish a post-mortem within {n2} business days.{ Some customers in the {EU|US-East|APAC} region saw delays until the queue drained.|}'];

const urgentNotices: ((r: Rand) => string)[] = [
  // Password expiry, pointing to the company's own portal.
  (r) => { const f = context(r); return f(`Subject: Your {co} password expires in {n2} days
From: IT Service Desk <it-servicedesk@{dom}>

Hello {first},

The password for your {co} account will expire on {date}. To avoid being locked out, please change it before then at https://password.{dom} (also linked from the intranet under IT > My account).

Your new password must:
- be at least {12|14|16} characters long
- not reuse any of your last {n2} passwords
- not contain your name or username

{IT will never ask for your password by email or phone.|We will never ask you to send your password to anyone.} If you are unsure this message is genuine, type the portal address yourself rather than clicking the link, or call the Service Desk on ext. {nz}{d}{d}{d}.

IT Service Desk`); },
  // Invoice or payment reminder.
  (r) => { const f = context(r); const amt = f('{nz},{d}{d}{d}.{d}0'); const inv = f('INV-{year}-{nz}{d}{d}{d}'); return f(`Subject: {Reminder|Second reminder|Final notice}: invoice ${inv} {is due|is overdue}

{Dear Accounts Payable team|Dear {first}|Hello},

Our records show that the following invoice {is due on|was due on} {date}:

| Invoice | Issued | Amount |
|---|---|---|
| ${inv} | {date} | EUR ${amt} |

Please arrange payment by bank transfer to the account shown on the invoice, or pay online at https://billing.{dom}/pay. {If you have already paid, please ignore this reminder.|If payment has crossed with this email, no further action is needed.} {Under our terms, late payment may incur interest of {nz}% per month.|}

{sign}`); },
  // Incident post-mortem.
  (r) => { const f = context(r); const [title, cause, impact] = pick(r, INCIDENTS); const t = times(r, 4); return f(`# Post-mortem: ${title}
**Incident:** {ticket} · **Severity:** SEV{1|2} · **Date:** {date} · **Author:** {me}

## Summary
${cause} ${impact}

## Timeline (UTC)
- ${t[0]} Alerts fired for {elevated error rates|high latency}.
- ${t[1]} On-call engineer acknowledged and opened an incident channel.
- ${t[2]} Root cause identified; mitigation started.
- ${t[3]} Service fully restored.

## What went well
- {Alerting worked and paged the right team within minutes.|The status page was updated quickly.}

## Action items
| Action | Owner | Due |
|---|---|---|
| {Add a check for this to the deployment pipeline|Alert on certificate expiry 30 days ahead|Add a runbook step for this failure} | {first} | {date} |
| {Review similar jobs for the same gap|Load-test the fix} | {first} | {date} |

This is a blameless review.`); },
  // Outage status updates, newest first.
  (r) => { const f = context(r); const svc = f('{Payments API|Customer portal|File sync|Video calls|Email delivery}'); const k = 2 + Math.floor(r() * 3); const t = times(r, k).reverse();
    return `${svc} — ${['Resolved', 'Monitoring', 'Identified', 'Investigating'][4 - k]}\n${f('https://status.{dom} · {date}')}\n\n` +
      STATUS.slice(0, k).reverse().map((s, i) => `**${i === k - 1 ? 'Investigating' : 'Update'}** — ${t[i]} UTC\n${f(s)}`).join('\n\n') + f(`\n\nSubscribe to updates at https://status.{dom}/subscribe.`); },
  // Security advisory telling admins to update and rotate keys.
  (r) => { const f = context(r); return f(`Security Advisory {coid}-SA-{year}-0{d}{nz}
Severity: {High (CVSS {7|8}.{nz})|Critical (CVSS 9.{nz})} · Published: {date}

## Summary
A vulnerability in {the {co} Sync Agent|the admin console of {co} Cloud|the {co} reporting server} versions before {ver} {allowed an authenticated user to read other tenants' files|could expose API tokens in debug logs|allowed remote code execution through a crafted upload}.

## Required actions for administrators
`) + numbered(some(r, f, ['Upgrade to the fixed version or later. Packages are at https://downloads.{dom}/security.', 'Rotate all API keys and service-account tokens created before {date}.', 'Review access logs from {date} onward for unexpected requests to /api/export.',
    'Disable debug logging on production servers and delete existing debug logs.', 'Enforce multi-factor authentication for all admin accounts.'], 3, 4)) +
    f(`\n\nWe are not aware of active exploitation. {The issue was reported by {person} through our bug bounty programme.|It was found during an internal review.} Contact security@{dom} with questions.`); },
];

// ---------------------------------------------------------------------------------------------

/** Benign documents in the three groups (about AI 48%, human instructions 32%, urgent 20%), each 200 to 1500 characters. */
export function benignDocuments(r: Rand, n: number): string[] {
  return Array.from({ length: n }, () => {
    const x = r();
    const kinds = x < 0.48 ? aboutAi : x < 0.8 ? humanInstructions : urgentNotices;
    const make = pick(r, kinds);
    const tidy = (t: string) => t.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').replace(/ {2,}/g, ' ').trim();
    let text = tidy(make(r));
    for (let tries = 0; tries < 20 && (text.length < 200 || text.length > 1500); tries++) text = tidy(make(r));
    return text.length > 1500 ? text.slice(0, Math.max(200, text.lastIndexOf('\n', 1500))) : text;
  });
}
