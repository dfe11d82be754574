import type { FastifyInstance } from 'fastify';
import { assertNoControlChars } from '../validation.js';

/**
 * Path parameters and query strings of every route are refused with VALIDATION_FAILED when
 * they hold a control character, tab or line break (`GET /e/%00` answered 500 on PostgreSQL,
 * which refuses U+0000 in text). Bodies pass the same check in parseInput. This runs before
 * any route's own hooks, so nothing downstream ever sees such a value.
 */
export function installInputBoundary(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    assertNoControlChars(req.params, { multiLine: false });
    assertNoControlChars(req.query, { multiLine: false });
  });
}
