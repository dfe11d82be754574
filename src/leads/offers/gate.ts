import { z } from 'zod';
import type { AnswerValue } from '../forms/answers.js';
import type { FormField } from '../forms/definition.js';

/**
 * The short form a gated offer asks before its download: a few of the registration form's
 * standard B2B fields (name and email are known from the registration). Progressive
 * profiling: what the contact already told us is not asked again, so a returning lead often
 * downloads at once.
 */
export const gateFieldTypes = [
  'phone',
  'company',
  'job_title',
  'industry',
  'company_size',
  'purchase_timeline',
  'budget',
  'country',
] as const;
export type GateFieldType = (typeof gateFieldTypes)[number];
export interface GateField {
  type: GateFieldType;
  required: boolean;
}

/** The room's own short form, used by gated offers that do not name their fields. */
export const ROOM_GATE: GateField[] = [
  { type: 'company', required: true },
  { type: 'job_title', required: true },
  { type: 'phone', required: false },
];

export const gateInput = z
  .array(z.strictObject({ type: z.enum(gateFieldTypes), required: z.boolean().default(true) }))
  .min(1, 'offers.gate.error.no_fields')
  .max(gateFieldTypes.length)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.type))
        ctx.addIssue({ code: 'custom', path: [i, 'type'], message: 'offers.gate.error.duplicate' });
      seen.add(f.type);
    });
  });

/** Stored JSON (null: the room's form) → the gate's fields. */
export const gateOf = (json: string | null): GateField[] =>
  json ? (JSON.parse(json) as GateField[]) : ROOM_GATE;

/** The gate's fields as form fields (standard fields: the key is the type). */
export const gateFormFields = (gate: readonly GateField[]): FormField[] =>
  gate.map((f) => ({ key: f.type, type: f.type, required: f.required, label: null, choices: [] }));

/**
 * The fields still to ask: the required ones not known yet, and the optional ones when
 * anything is asked at all (a form with only optional fields left is not worth a stop).
 */
export function fieldsToAsk(gate: readonly GateField[], known: Record<string, AnswerValue>): GateField[] {
  const unknown = gate.filter((f) => known[f.type] === undefined || known[f.type] === '');
  return unknown.some((f) => f.required) ? unknown : [];
}
