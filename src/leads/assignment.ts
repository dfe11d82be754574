/** What assignment rules can match on; `company` is how named accounts are given. */
export const assignmentFields = ['region', 'industry', 'company_size', 'company'] as const;
export type AssignmentField = (typeof assignmentFields)[number];

export interface AssignmentRule {
  field: AssignmentField;
  /** Values that match, compared case-insensitively. */
  in: string[];
  owner_id: string;
}

export type Assignable = { contactId: string } & Record<AssignmentField, string | null>;

/**
 * Who gets each lead: the first rule that matches it names the owner; the rest go round the
 * pool in turn, starting after `turn` (how many round-robin assignments were made before),
 * in contact order so the result is the same every time.
 */
export function assignLeads(
  leads: Assignable[],
  pool: string[],
  rules: AssignmentRule[],
  turn = 0,
): { assigned: Map<string, string>; turn: number } {
  const assigned = new Map<string, string>();
  const sorted = [...leads].sort((a, b) => (a.contactId < b.contactId ? -1 : 1));
  for (const lead of sorted) {
    const rule = rules.find((r) => {
      const v = lead[r.field]?.trim().toLowerCase();
      return v !== undefined && v !== '' && r.in.some((x) => x.trim().toLowerCase() === v);
    });
    if (rule) assigned.set(lead.contactId, rule.owner_id);
    else if (pool.length) assigned.set(lead.contactId, pool[turn++ % pool.length]!);
  }
  return { assigned, turn };
}
