import { type Kysely, sql } from 'kysely';

/**
 * One pair of permissions for the promotion domain, the issue's `channels:read` and
 * `channels:write`: `promotion:write`, which referral gates used with the same roles as
 * `channels:write`, is folded into it. API tokens keep what they could do: a stored
 * `promotion:write` scope becomes `channels:write`, once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ id: string; scopes: string }>`
    select id, scopes from api_tokens where scopes like ${'%"promotion:write"%'}`.execute(db);
  for (const row of rows) {
    const scopes = [
      ...new Set(
        (JSON.parse(row.scopes) as string[]).map((s) => (s === 'promotion:write' ? 'channels:write' : s)),
      ),
    ];
    await sql`update api_tokens set scopes = ${JSON.stringify(scopes)} where id = ${row.id}`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Nothing to undo that can be told apart: a `channels:write` token may change referral gates
  // either way, and the old code still knows `channels:write`.
}
