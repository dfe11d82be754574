import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../database.js';
import { up } from './0320_promotion_scopes.js';

describe('migration 0320: promotion:write is folded into channels:write', () => {
  it('renames the stored scopes of API tokens, once each, and leaves other tokens alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadcast-0320-'));
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'x.db') }, { checkpoint: false });
    try {
      await db.migrate();
      const k = db.kysely;
      const at = new Date().toISOString();
      await k
        .insertInto('users')
        .values({
          id: 'u1',
          email: 'a@example.com',
          name: 'A',
          password_hash: 'x',
          role: 'admin',
          locale: 'en',
          created_at: at,
          updated_at: at,
          disabled_at: null,
        })
        .execute();
      const token = (id: string, scopes: string[]) => ({
        id,
        name: id,
        token_hash: `hash-${id}`,
        token_prefix: id,
        scopes: JSON.stringify(scopes),
        created_by: 'u1',
        created_at: at,
        last_used_at: null,
        revoked_at: null,
      });
      await k
        .insertInto('api_tokens')
        .values([
          token('t1', ['events:read', 'promotion:write']),
          token('t2', ['channels:write', 'promotion:write', 'channels:read']),
          token('t3', ['events:read', 'channels:read']),
        ])
        .execute();
      await up(k as never);
      const scopes = Object.fromEntries(
        (await k.selectFrom('api_tokens').select(['id', 'scopes']).execute()).map((r) => [
          r.id,
          JSON.parse(r.scopes),
        ]),
      );
      assert.deepEqual(scopes, {
        t1: ['events:read', 'channels:write'],
        t2: ['channels:write', 'channels:read'],
        t3: ['events:read', 'channels:read'],
      });
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
