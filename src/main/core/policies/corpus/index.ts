import { accessPolicy } from './access-policy.js';
import { cashPolicy } from './cash-policy.js';
import type { CorpusDocument } from './corpus-types.js';
import { expensePolicy } from './expense-policy.js';
import { pcardPolicy } from './pcard-policy.js';
import { procurementPolicy } from './procurement-policy.js';
import { retentionPolicy } from './retention-policy.js';

export type { CorpusDocument, ExpectedRule } from './corpus-types.js';

export const CORPUS: readonly CorpusDocument[] = [expensePolicy, pcardPolicy, retentionPolicy, accessPolicy, cashPolicy, procurementPolicy];
