import type { RuleDetail, RulesApi, RuleSummary } from '../../../shared/api/rules.js';
import { AppError } from '../../../shared/errors.js';
import { RULE_STATUSES, type Rule } from '../../../shared/rule.js';
import { createLogger } from '../logger.js';
import type { ApiContext } from './api-context.js';
import { draftProblems, withValidDraft } from './draft-check.js';
import { draftFromRule } from './rule-draft.js';
import { DEFAULT_PREVIEW_LIMIT, previewValidRule } from './rule-preview.js';
import { ruleSummaries } from './rule-summaries.js';

const log = createLogger('api.rules');

function ruleById(ctx: ApiContext, id: string): Rule {
  const rule = ctx.ws.rules.get(id);
  if (!rule) throw new AppError('NOT_FOUND', `There is no rule "${id}". It may have been renamed; reload the rule list.`, { ruleId: id });
  return rule;
}

function summaryOf(ctx: ApiContext, rule: Rule): RuleSummary {
  return ruleSummaries(ctx.ws.db, [rule], rule.id)[0]!;
}

export function createRulesApi(ctx: ApiContext): RulesApi {
  return {
    async listRules({ status }) {
      if (status !== undefined && !RULE_STATUSES.includes(status)) {
        throw new AppError('INVALID_INPUT', `"${String(status)}" is not a rule status: use ${RULE_STATUSES.join(', ')}.`);
      }
      return ruleSummaries(ctx.ws.db, ctx.ws.rules.list(status === undefined ? {} : { status }));
    },

    async getRule({ id }): Promise<RuleDetail> {
      const rule = ruleById(ctx, id);
      const policy = rule.source ? ctx.ws.policies.get(rule.source.policyId) : null;
      return {
        summary: summaryOf(ctx, rule),
        rule,
        draft: draftFromRule(rule),
        versions: ctx.ws.rules.versions(id).map((v) => ({
          version: v.version,
          actor: v.actor,
          reason: v.reason,
          createdAt: v.createdAt,
          draft: draftFromRule(v.definition),
        })),
        source: rule.source
          ? { policyId: rule.source.policyId, filename: policy?.filename ?? `(policy ${rule.source.policyId} is not in this workspace)`, page: rule.source.page, quote: rule.source.quote }
          : null,
      };
    },

    async checkRule({ draft }) {
      const existing = typeof draft?.id === 'string' ? ctx.ws.rules.get(draft.id.trim()) : null;
      return { problems: await draftProblems(ctx, draft, existing ?? undefined) };
    },

    async previewRule({ draft, limit }) {
      const existing = typeof draft?.id === 'string' ? ctx.ws.rules.get(draft.id.trim()) : null;
      const asOf = ctx.ws.now().slice(0, 10);
      return withValidDraft(ctx, draft, existing ?? undefined, (valid) => previewValidRule(valid, { asOf, limit: limit ?? DEFAULT_PREVIEW_LIMIT }));
    },

    async saveRule({ draft, activate, reason }) {
      const existing = typeof draft?.id === 'string' ? ctx.ws.rules.get(draft.id.trim()) : null;
      const rule = await withValidDraft(ctx, draft, existing ?? undefined, async (valid) => valid.rule);
      const status = activate ? 'active' : (existing?.status ?? 'draft');
      const stored = ctx.ws.rules.upsert({ ...rule, status }, ctx.actor, reason ?? (existing ? 'edited in the app' : 'created in the app'));
      log.info('rule saved', { ruleId: stored.id, version: stored.version, status: stored.status });
      ctx.emit({ type: 'data.changed', what: 'rules' });
      return summaryOf(ctx, stored);
    },

    async setRuleStatus({ id, status, reason }) {
      const rule = ctx.ws.rules.setStatus(id, status, ctx.actor, reason);
      ctx.emit({ type: 'data.changed', what: 'rules' });
      return summaryOf(ctx, rule);
    },
  };
}
