import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** True when a decoded value (string, or object/array of them, keys included) holds U+0000. */
export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

/**
 * Refuses a request with U+0000 in its path parameters, query or JSON body. PostgreSQL
 * cannot store or compare it in text (every such request answered 500 there), and no
 * field of ours has a use for it. Installed on every route (src/app.ts).
 */
export async function rejectNul(req: FastifyRequest): Promise<void> {
  if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body))
    throw new AppError('BAD_REQUEST', 'The request contains a NUL character (U+0000)');
}
