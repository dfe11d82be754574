import { z } from 'zod';

/**
 * What the screen scores. Vocabulary categories come from the lexicon; the others are
 * detectors: contact details offered for private contact, links, repetition floods,
 * keyword stuffing, and the same text from several viewers.
 */
export const categories = [
  'adult',
  'gambling',
  'fraud',
  'jobs',
  'investment',
  'promo',
  'contact',
  'links',
  'flood',
  'stuffing',
  'crowd',
] as const;
export type Category = (typeof categories)[number];

/**
 * An event's tuning: categories can be switched off or weighted (×0–3), and the two
 * thresholds bound the hold-for-review band: score ≥ hold_at is held, ≥ block_at blocked.
 */
export const policySchema = z
  .object({
    hold_at: z.number().int().min(1).max(1000),
    block_at: z.number().int().min(1).max(1000),
    categories: z
      .object(
        Object.fromEntries(
          categories.map((c) => [
            c,
            z.object({ enabled: z.boolean(), weight: z.number().min(0).max(3) }).strict(),
          ]),
        ) as Record<Category, z.ZodObject<{ enabled: z.ZodBoolean; weight: z.ZodNumber }>>,
      )
      .partial()
      .strict(),
  })
  .strict()
  .refine((p) => p.block_at > p.hold_at, {
    message: 'block_at must be above hold_at',
    path: ['block_at'],
  });

export type PolicyInput = z.infer<typeof policySchema>;
export interface Policy {
  hold_at: number;
  block_at: number;
  categories: Record<Category, { enabled: boolean; weight: number }>;
}

export const defaultPolicy: Policy = Object.freeze({
  hold_at: 40,
  block_at: 80,
  categories: Object.fromEntries(
    categories.map((c) => [c, { enabled: true, weight: 1 }]),
  ) as Policy['categories'],
});

/** A stored (possibly partial) policy completed with the defaults. */
export function resolvePolicy(input: PolicyInput | undefined): Policy {
  if (!input) return defaultPolicy;
  return {
    hold_at: input.hold_at,
    block_at: input.block_at,
    categories: { ...defaultPolicy.categories, ...input.categories },
  };
}
