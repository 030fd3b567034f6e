/**
 * `qunyun moderate [FILE]`: the moderation engine on JSON lines, without a server or database,
 * so anyone can evaluate the filter on their own data. Each input line {"id","text", …} gives one
 * output line {"id","action","rule","category","score","evidence"}, in order. --rules reads a
 * workspace's rules (JSON); --train seeds the classifier from labelled examples before deciding
 * (and switches off built-in rules that the labels contradict: see src/moderation/training.ts).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { parseFlags, UsageError, type Command } from './args.ts';

const Flags = z.object({
  rules: z.string().min(1).optional(),
  train: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  saveModel: z.string().min(1).optional(),
  explain: z.boolean().optional(),
}).strict();

const help = `Usage: qunyun moderate [FILE] [--rules FILE] [--train FILE]

Decides on messages given as JSON lines, one per line, from FILE or standard input:
  {"id": "1", "text": "加我微信 abc123 领取资料"}
optional fields: "at" (ms since the epoch or an ISO time), "member" (an id: enables the flood
and duplicate checks), "group" (flood state is kept per group), "joinedAt" (ms or ISO: newcomer
check), "trusted", "images" (base64 PNG or JPEG: QR codes), "cards" ([{"kind":"miniprogram","appId"}]).
Writes one JSON line per input, in order:
  {"id","action","rule","category","score","evidence"}
action is "allow" when nothing matched; evidence spans are offsets into the input text.

  --rules FILE       the workspace's rules (JSON: {"builtins": true, "rules": [...]}, see docs/moderation.md)
  --train FILE       labelled examples that train the classifier first: TSV lines label<TAB>text
                     or JSON lines {"text","label"}, label spam or ham
  --model FILE       a classifier model saved before (instead of --train)
  --save-model FILE  write the trained model (JSON) to FILE
  --explain          print what training found (threshold, rules switched off) to standard error`;

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  at: z.union([z.number(), z.string()]).optional(),
  member: z.union([z.string(), z.number()]).optional(),
  group: z.union([z.string(), z.number()]).optional(),
  joinedAt: z.union([z.number(), z.string()]).optional(),
  trusted: z.boolean().optional(),
  cleanMessages: z.number().int().min(0).optional(),
  images: z.array(z.string()).optional(),
  cards: z.array(z.object({ kind: z.enum(['miniprogram', 'link', 'other']), appId: z.string().optional(), title: z.string().optional(), url: z.string().optional() })).optional(),
}).passthrough();

function time(v: number | string | undefined, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`${where}: not a time: ${JSON.stringify(v)}`);
  return t;
}

export const moderateCommand: Command = {
  name: 'moderate',
  help,
  async run(argv) {
    const parsed = parseFlags('moderate', argv, {
      rules: { type: 'string' }, train: { type: 'string' }, model: { type: 'string' }, saveModel: { type: 'string' }, explain: { type: 'boolean' },
    }, Flags, true);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const { flags, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError(`moderate: one input file at most (got ${positionals.length})`);
    if (flags.train && flags.model) throw new UsageError('moderate: --train and --model are alternatives: give one');
    const { compileRules, decide, newGroupState, parseRuleSet, train, loadClassifier } = await import('../moderation/index.ts');
    const { parseTrainingFile, auditRules, TrainingFileError } = await import('../moderation/training.ts');

    const readText = (file: string, what: string): string | null => {
      try { return readFileSync(file, 'utf8'); } catch (err) { console.error(`qunyun moderate: cannot read ${what} ${file}: ${(err as Error).message}`); return null; }
    };
    let ruleSet = {};
    if (flags.rules) {
      const content = readText(flags.rules, '--rules file');
      if (content === null) return 1;
      try {
        ruleSet = parseRuleSet(JSON.parse(content));
      } catch (err) {
        const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : (err as Error).message;
        console.error(`qunyun moderate: --rules ${flags.rules}: ${detail}`);
        return 1;
      }
    }
    let classifier = null;
    if (flags.train) {
      const content = readText(flags.train, '--train file');
      if (content === null) return 1;
      let examples;
      try { examples = parseTrainingFile(content, flags.train); } catch (err) {
        if (err instanceof TrainingFileError) { console.error(`qunyun moderate: ${err.message}`); return 1; }
        throw err;
      }
      const spam = examples.filter((e) => e.label === 'spam').length;
      if (spam === 0 || spam === examples.length) {
        console.error(`qunyun moderate: --train ${flags.train}: needs examples of both labels (spam ${spam}, ham ${examples.length - spam})`);
        return 1;
      }
      const model = train(examples);
      const audited = auditRules(ruleSet, examples);
      ruleSet = audited.set;
      classifier = loadClassifier(model);
      if (flags.explain) {
        console.error(`trained on ${examples.length} examples (${spam} spam); threshold ${model.threshold.toFixed(3)}`);
        for (const a of audited.audit) console.error(`rule ${a.rule}${a.keyword !== undefined ? ` keyword ${JSON.stringify(a.keyword)}` : ''}: ${a.hits} hits, ${a.spam} spam, precision ${a.precision}${a.disabled ? ' — switched off' : ''}`);
      }
      if (flags.saveModel) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(flags.saveModel, JSON.stringify(model));
      }
    } else if (flags.model) {
      const content = readText(flags.model, '--model file');
      if (content === null) return 1;
      try { classifier = loadClassifier(JSON.parse(content)); } catch (err) {
        console.error(`qunyun moderate: --model ${flags.model}: ${(err as Error).message}`);
        return 1;
      }
    }
    const compiled = compileRules(ruleSet, classifier);
    const states = new Map<string, ReturnType<typeof newGroupState>>();
    const file = positionals[0];
    const where = file ?? 'standard input';
    let input: NodeJS.ReadableStream;
    if (file) {
      try { readFileSync(file, { flag: 'r' }).length; } catch (err) { console.error(`qunyun moderate: cannot read ${file}: ${(err as Error).message}`); return 1; }
      input = createReadStream(file, { encoding: 'utf8' });
    } else {
      input = process.stdin;
    }
    const lines = createInterface({ input, crlfDelay: Infinity });
    let lineNo = 0;
    let errors = 0;
    let out = '';
    const flush = async () => {
      if (out === '') return;
      const chunk = out;
      out = '';
      if (!process.stdout.write(chunk)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
    };
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let msg;
      try {
        msg = inputSchema.parse(JSON.parse(line));
      } catch (err) {
        const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ') : (err as Error).message;
        console.error(`qunyun moderate: ${where} line ${lineNo}: ${detail}`);
        errors++;
        continue;
      }
      let at: number | undefined, joinedAt: number | undefined;
      try {
        at = time(msg.at, `${where} line ${lineNo}: at`);
        joinedAt = time(msg.joinedAt, `${where} line ${lineNo}: joinedAt`);
      } catch (err) {
        console.error(`qunyun moderate: ${(err as Error).message}`);
        errors++;
        continue;
      }
      const group = msg.group === undefined ? '' : String(msg.group);
      let state = states.get(group);
      if (!state) { state = newGroupState(); states.set(group, state); }
      const d = decide(
        {
          id: msg.id === undefined ? undefined : String(msg.id), text: msg.text, at,
          images: msg.images?.map((b) => ({ bytes: Buffer.from(b, 'base64') })), cards: msg.cards,
        },
        { memberId: msg.member === undefined ? undefined : String(msg.member), joinedAt, trusted: msg.trusted, cleanMessages: msg.cleanMessages },
        compiled,
        msg.member === undefined ? undefined : state,
      );
      out += JSON.stringify({ id: msg.id ?? null, action: d.action, rule: d.rule, category: d.category, score: d.score, evidence: d.evidence }) + '\n';
      if (out.length > 65536) await flush();
    }
    await flush();
    if (errors > 0) console.error(`qunyun moderate: ${errors} line${errors === 1 ? '' : 's'} skipped (see above)`);
    return errors > 0 ? 1 : 0;
  },
};
