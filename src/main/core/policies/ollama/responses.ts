import { z } from 'zod';
import { SEVERITIES } from '../../../../shared/rule.js';

/** Stage 1: what the model must answer for one chunk of a page. */
export const findResponseSchema = z.object({
  candidates: z.array(
    z.object({
      quote: z.string().min(1).describe('The sentence(s) stating the rule, copied exactly from the page text'),
      page: z.number().int().describe('The page number the quote is on'),
      title: z.string().min(1).describe('A short title for the rule'),
      description: z.string().describe('What a record must satisfy, in plain words'),
      severity: z.enum(SEVERITIES).describe('How serious a breach would be'),
      confidence: z.number().describe('0 to 1: how sure you are this is a checkable rule'),
    }),
  ),
});
export type FindResponse = z.infer<typeof findResponseSchema>;

/** Stage 2: how one candidate maps onto the connection's schema. */
export const mapResponseSchema = z.object({
  mappable: z.boolean().describe('false when no table and columns can check this rule'),
  table: z.string().nullable().describe('The table whose records the rule checks'),
  key: z.array(z.string()).describe('Columns that identify a record; empty for the primary key'),
  when: z.string().nullable().describe('Rule-language expression: which records the rule applies to; null for all'),
  require: z.string().nullable().describe('Rule-language expression that must hold; null when violation is used'),
  violation: z.string().nullable().describe('Rule-language expression that marks a violating record; null when require is used'),
  problems: z.array(z.string()).describe('Why the rule cannot be mapped, or what is ambiguous'),
});
export type MapResponse = z.infer<typeof mapResponseSchema>;

/** The JSON schema sent as Ollama's `format`, so the answer is constrained to it. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema) as Record<string, unknown>;
  // The `$schema` URL means nothing to Ollama and would only cost context.
  delete json.$schema;
  return json;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses and validates a model's answer; the reason is short enough to log and to show. */
export function validateResponse<T>(schema: z.ZodType<T>, text: string): Validated<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, reason: `the answer does not match the schema (${issues})` };
}
