import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { openDatabase } from './database.js';
import { prepareQuery } from './prepared.js';
import type { Database } from './schema.js';

describe('prepareQuery', () => {
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  let k: Kysely<Database>;
  before(async () => {
    await db.migrate();
    k = db.kysely;
  });
  after(() => db.close());

  it('runs one compiled query with fresh values each time, constants kept', async () => {
    const put = prepareQuery(k, (p) => k.insertInto('settings').values({ key: p.key, value: p.value }));
    const get = prepareQuery(k, (p) =>
      k.selectFrom('settings').select('value').where('key', '=', p.key).where('value', '!=', 'never'),
    );
    await put(k, { key: 'a', value: '1' });
    await put(k, { key: 'b', value: '2' });
    assert.deepEqual((await get(k, { key: 'b' })).rows, [{ value: '2' }]);
    assert.deepEqual((await get(k, { key: 'a' })).rows, [{ value: '1' }]);
  });

  it('works inside a transaction', async () => {
    const put = prepareQuery(k, (p) => k.insertInto('settings').values({ key: p.key, value: 'x' }));
    await assert.rejects(
      k.transaction().execute(async (trx) => {
        await put(trx, { key: 'rolled-back' });
        throw new Error('abort');
      }),
    );
    const row = await k
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'rolled-back')
      .executeTakeFirst();
    assert.equal(row, undefined);
  });
});
