import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { ExtractorKind } from '../../../shared/policy.js';
import { DEFAULT_MODEL, DEFAULT_OLLAMA_HOST, importPolicy, MODEL_SETTING } from '../../core/policies/import-policy.js';
import { listModels, sameModel } from '../../core/policies/ollama/client.js';
import { defaultExtractors } from '../../core/policies/policy-extractors.js';
import { acceptCandidate, rejectCandidate } from '../../core/policies/review-candidates.js';
import { parseRuleFile, ruleToFileEntry } from '../../core/rules/rule-file.js';
import type { CandidateRecord } from '../../core/workspace/policies-repo.js';
import { expectOnly, flag } from '../args.js';
import type { CommandContext } from '../context.js';
import { withInterrupt } from '../interrupt.js';
import { table } from '../output.js';

/** A candidate as `policy import --json` documents it: the rule in the rule file's form. */
function candidateJson(c: CandidateRecord): Record<string, unknown> {
  return {
    id: c.id,
    quote: c.quote,
    page: c.page,
    title: c.title,
    description: c.description,
    severity: c.severity,
    confidence: c.confidence,
    origin: c.origin,
    status: c.status,
    ...(c.rule ? { rule: ruleToFileEntry(c.rule) } : {}),
    ...(c.problems ? { problems: c.problems } : {}),
    ...(c.ruleId ? { ruleId: c.ruleId } : {}),
  };
}

/** `when amount > 75 require receipt = TRUE`, as the rule file would say it. */
function ruleSummary(c: CandidateRecord): string {
  const entry = ruleToFileEntry(c.rule!);
  const when = entry.when === undefined ? '' : `when ${String(entry.when)} `;
  return entry.violation !== undefined ? `${when}violation ${String(entry.violation)}` : `${when}require ${String(entry.require)}`;
}

function candidatesText(candidates: CandidateRecord[]): string {
  if (candidates.length === 0) return 'No rule candidates were found.';
  return candidates
    .map((c) => {
      const head = `${c.id}  [${c.severity}, ${c.origin} ${c.confidence.toFixed(2)}, ${c.status}]  page ${c.page}: ${c.title}`;
      const quote = `    “${c.quote}”`;
      const outcome = c.rule ? `    → ${c.rule.target.connection}.${c.rule.target.table ?? 'query'}: ${ruleSummary(c)}` : `    → not mapped: ${(c.problems ?? ['no connection named (--connection NAME)']).join('; ')}`;
      return [head, quote, outcome].join('\n');
    })
    .join('\n\n');
}

function settingText(ctx: CommandContext, key: string): string | undefined {
  const value = ctx.workspace().settings.get(key);
  return typeof value === 'string' ? value : undefined;
}

function ollamaHost(ctx: CommandContext): string {
  return flag(ctx.args, 'ollama-host') ?? ctx.env.OLLAMA_HOST ?? DEFAULT_OLLAMA_HOST;
}

/** `policy models` lists what the local Ollama has; `policy models --use NAME` makes one the default. */
async function modelsCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['ollama-host', 'use']);
  const host = ollamaHost(ctx);
  const models = await listModels(host);
  const use = flag(ctx.args, 'use');
  if (use !== undefined) {
    if (!models.some((m) => sameModel(m, use))) throw new AppError('NOT_FOUND', `Model "${use}" is not installed in Ollama. Run: ollama pull ${use}`);
    ctx.workspace().settings.set(MODEL_SETTING, use, ctx.actor);
  }
  const current = settingText(ctx, MODEL_SETTING) ?? DEFAULT_MODEL;
  ctx.out.result({ host, models, default: current }, () =>
    models.length === 0 ? `Ollama at ${host} has no models. Install one: ollama pull ${DEFAULT_MODEL}` : models.map((m) => `${sameModel(m, current) ? '*' : ' '} ${m}`).join('\n'),
  );
  return 0;
}

function extractorFlag(ctx: CommandContext): ExtractorKind {
  const value = flag(ctx.args, 'extractor') ?? 'heuristic';
  if (value !== 'heuristic' && value !== 'ollama') throw new AppError('INVALID_INPUT', `--extractor must be heuristic or ollama, not "${value}".`);
  return value;
}

async function importCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, ['extractor', 'model', 'connection', 'ollama-host', 'fallback']);
  const file = ctx.args.positional[1];
  if (!file) throw new AppError('INVALID_INPUT', 'Usage: policy import FILE.pdf [--extractor heuristic|ollama] [--model NAME] [--connection NAME]');
  const fallback = flag(ctx.args, 'fallback');
  const result = await withInterrupt(ctx.out, (signal) => importPolicy(ctx.workspace(), resolve(file), {
    signal,
    extractor: extractorFlag(ctx),
    model: flag(ctx.args, 'model') ?? settingText(ctx, MODEL_SETTING),
    ollamaHost: ollamaHost(ctx),
    fallback: fallback === undefined ? true : fallback !== 'no',
    connection: flag(ctx.args, 'connection'),
    actor: ctx.actor,
    openSource: ctx.openSource,
    extractors: defaultExtractors,
    onNote: (message) => ctx.out.note(message),
  }));
  const { policy } = result;
  ctx.out.result(
    {
      policy: { id: policy.id, filename: policy.filename, sha256: policy.sha256, pages: policy.pages, status: policy.status },
      alreadyImported: result.alreadyImported,
      notes: result.notes,
      candidates: result.candidates.map(candidateJson),
    },
    () =>
      `${result.alreadyImported ? 'Already imported' : 'Imported'} ${policy.filename} as ${policy.id} (${policy.pages} pages, ${result.candidates.length} candidates, extractor: ${policy.extractor}).\n\n${candidatesText(result.candidates)}\n\nReview: policy accept CANDIDATE_ID [--edit FILE] [--activate] | policy reject CANDIDATE_ID --reason TEXT`,
  );
  return 0;
}

function requirePolicy(ctx: CommandContext, id: string | undefined, usage: string) {
  if (!id) throw new AppError('INVALID_INPUT', usage);
  const policy = ctx.workspace().policies.get(id);
  if (!policy) throw new AppError('NOT_FOUND', `There is no policy "${id}". See them with: policy list`);
  return policy;
}

export async function policyCommand(ctx: CommandContext): Promise<number> {
  const verb = ctx.args.positional[0];
  switch (verb) {
    case 'import':
      return importCommand(ctx);
    case 'models':
      return modelsCommand(ctx);
    case 'list': {
      expectOnly(ctx.args, []);
      const policies = ctx.workspace().policies.list();
      ctx.out.result({ policies }, () =>
        policies.length === 0 ? 'No policies yet. Import one: policy import FILE.pdf --connection NAME' : table(['id', 'file', 'pages', 'extractor', 'imported'], policies.map((p) => [p.id, p.filename, p.pages, p.extractor, p.importedAt])),
      );
      return 0;
    }
    case 'show': {
      expectOnly(ctx.args, []);
      const policy = requirePolicy(ctx, ctx.args.positional[1], 'Usage: policy show POLICY_ID');
      const ws = ctx.workspace();
      const pages = ws.policies.pages(policy.id);
      const candidates = ws.policies.candidates(policy.id);
      ctx.out.result({ policy, pages: pages.map((p) => ({ ...p, candidates: candidates.filter((c) => c.page === p.number).map(candidateJson) })) }, () =>
        pages.map((p) => `--- page ${p.number}${p.hasTextLayer ? '' : ' (no text layer: scanned image?)'}\n${p.text}\n${candidatesText(candidates.filter((c) => c.page === p.number))}`).join('\n\n'),
      );
      return 0;
    }
    case 'candidates': {
      expectOnly(ctx.args, ['status']);
      const policy = requirePolicy(ctx, ctx.args.positional[1], 'Usage: policy candidates POLICY_ID');
      const status = flag(ctx.args, 'status');
      if (status !== undefined && !['pending', 'accepted', 'rejected'].includes(status)) throw new AppError('INVALID_INPUT', '--status must be pending, accepted or rejected.');
      const candidates = ctx.workspace().policies.candidates(policy.id, status as CandidateRecord['status'] | undefined);
      ctx.out.result({ policy: policy.id, candidates: candidates.map(candidateJson) }, () => candidatesText(candidates));
      return 0;
    }
    case 'accept': {
      expectOnly(ctx.args, ['edit', 'activate']);
      const id = ctx.args.positional[1];
      if (!id) throw new AppError('INVALID_INPUT', 'Usage: policy accept CANDIDATE_ID [--edit FILE] [--activate]');
      const editFile = flag(ctx.args, 'edit');
      let edited;
      if (editFile !== undefined) {
        if (!existsSync(editFile)) throw new AppError('NOT_FOUND', `Rule file ${editFile} does not exist.`);
        const rules = parseRuleFile(readFileSync(editFile, 'utf8'));
        if (rules.length !== 1) throw new AppError('INVALID_INPUT', `--edit takes a rule file with exactly one rule; ${editFile} has ${rules.length}.`);
        edited = rules[0];
      }
      const result = await acceptCandidate(ctx.workspace(), id, { actor: ctx.actor, edited, activate: ctx.args.switches.has('activate'), openSource: ctx.openSource });
      ctx.out.result({ candidate: candidateJson(result.candidate), rule: ruleToFileEntry(result.rule) }, () => `Accepted ${id}: rule ${result.rule.id} (${result.rule.status}).${result.rule.status === 'active' ? '' : ` Activate it with: rules activate ${result.rule.id}`}`);
      return 0;
    }
    case 'reject': {
      expectOnly(ctx.args, ['reason']);
      const id = ctx.args.positional[1];
      const reason = flag(ctx.args, 'reason');
      if (!id || reason === undefined) throw new AppError('INVALID_INPUT', 'Usage: policy reject CANDIDATE_ID --reason TEXT');
      const candidate = rejectCandidate(ctx.workspace(), id, { actor: ctx.actor, reason });
      ctx.out.result({ candidate: candidateJson(candidate) }, () => `Rejected ${id}: ${reason}`);
      return 0;
    }
    default:
      throw new AppError('INVALID_INPUT', `Usage: policy import|list|show|candidates|accept|reject|models … (got "${verb ?? ''}")`);
  }
}
