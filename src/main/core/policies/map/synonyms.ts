/** Words that name the same kind of record in policies and in table names. */
export const TABLE_SYNONYMS: readonly string[][] = [
  ['expense', 'expense_report', 'claim', 'reimbursement'],
  ['purchase', 'transaction', 'pcard', 'card_transaction', 'purchasing'],
  ['account', 'user', 'employee', 'staff', 'login'],
  ['record', 'document', 'file'],
  ['vendor', 'supplier'],
  ['payment', 'disbursement', 'refund'],
];

/** Column-name words for each role, in tiers: an earlier tier wins, two hits in one tier are ambiguous. */
export const COLUMN_ROLES = {
  amount: [['amount', 'total', 'cost', 'value', 'price']],
  startDate: [['incurred', 'transaction', 'purchase', 'purchased', 'statement', 'spent'], ['terminated', 'termination'], ['created', 'received', 'opened'], ['date']],
  lastActivity: [['last_login', 'last_active', 'last_seen', 'last_activity'], ['login', 'active', 'seen']],
  age: [['created', 'created_on', 'created_at'], ['date', 'dated']],
  receipt: [['receipt', 'has_receipt', 'attachment', 'attached', 'invoice']],
  approvalFlag: [['approved', 'is_approved']],
  approvalRef: [['approved_by', 'approver', 'approver_id', 'approved_at', 'approval']],
  activeFlag: [['active', 'enabled', 'is_active', 'is_enabled']],
  disabledFlag: [['disabled', 'locked', 'is_disabled', 'deactivated']],
  deletedFlag: [['deleted', 'is_deleted', 'destroyed', 'purged']],
  deletedRef: [['deleted_at', 'deleted_on', 'destroyed_on', 'purged_at']],
  status: [['status', 'state']],
} as const satisfies Record<string, readonly (readonly string[])[]>;

export type ColumnRole = keyof typeof COLUMN_ROLES;

/** Columns that record when a requirement was met, by requirement word. */
export const REQUIREMENT_DATE_STEMS: Record<string, string[]> = {
  submitted: ['submitted', 'filed'],
  reconciled: ['reconciled'],
  deposited: ['deposited'],
  reported: ['reported'],
  reviewed: ['reviewed'],
  disabled: ['disabled', 'deactivated'],
  approval: ['approved'],
};

export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}
