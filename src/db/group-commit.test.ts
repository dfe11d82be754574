import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely, Transaction } from 'kysely';
import { openDatabase } from './database.js';
import { groupCommit } from './group-commit.js';
import type { Database } from './schema.js';

describe('groupCommit', () => {
  const db = openDatabase({ kind: 'sqlite', file: ':memory:' });
  let k: Kysely<Database>;
  before(async () => {
    await db.migrate();
    k = db.kysely;
  });
  after(() => db.close());

  const stored = async (prefix: string) =>
    (
      await k.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()
    ).map((r) => r.key);

  it('writes calls that arrive together in one transaction, each with its own result', async () => {
    const transactions: Transaction<Database>[] = [];
    const put = groupCommit(
      k,
      async (trx, key: string) => {
        transactions.push(trx);
        await trx.insertInto('settings').values({ key, value: 'v' }).execute();
        return `${key}!`;
      },
      { maxBatch: 64, concurrency: 1 },
    );
    const keys = Array.from({ length: 20 }, (_, i) => `together-${String(i).padStart(2, '0')}`);
    assert.deepEqual(
      await Promise.all(keys.map(put)),
      keys.map((key) => `${key}!`),
    );
    assert.equal(new Set(transactions).size, 1, 'one transaction for the burst');
    assert.deepEqual(await stored('together-'), keys);

    // A call on its own is written on its own, without waiting for a timer.
    assert.equal(await put('alone'), 'alone!');
    assert.equal(new Set(transactions).size, 2);
  });

  it('splits bursts larger than maxBatch', async () => {
    const sizes = new Map<Transaction<Database>, number>();
    const put = groupCommit(
      k,
      async (trx, key: string) => {
        sizes.set(trx, (sizes.get(trx) ?? 0) + 1);
        await trx.insertInto('settings').values({ key, value: 'v' }).execute();
      },
      { maxBatch: 4, concurrency: 1 },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => put(`split-${i}`)));
    assert.deepEqual([...sizes.values()], [4, 4, 2]);
    assert.equal((await stored('split-')).length, 10);
  });

  it('fails only the bad call of a batch: the others are still written', async () => {
    const put = groupCommit(
      k,
      async (trx, key: string) => {
        await trx.insertInto('settings').values({ key, value: 'v' }).execute();
        if (key === 'mixed-bad') throw new Error('bad item');
        return key;
      },
      { maxBatch: 64, concurrency: 1 },
    );
    const results = await Promise.allSettled(['mixed-a', 'mixed-bad', 'mixed-b'].map(put));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /bad item/);
    assert.deepEqual(await stored('mixed-'), ['mixed-a', 'mixed-b'], 'the bad call left nothing behind');
  });
});
