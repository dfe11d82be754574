import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { hashToken, newId, newSecretToken } from '../ids.js';
import type { Mailer } from '../mail/mailer.js';
import { normaliseEmail } from './accounts.js';
import { messages } from './messages.js';
import { hashPassword } from './passwords.js';

/** How long a reset link works. Short: the link is as good as the password. */
export const RESET_MINUTES = 60;
const INVALID = 'This reset link is invalid, expired or already used';

export type PasswordResets = ReturnType<typeof createPasswordResets>;

/**
 * One-time password-reset links. An administrator can issue one for a teammate and hand it
 * over (enough when LeadCast has no SMTP relay); with SMTP, a person can ask for one by
 * email from the sign-in page. The link's secret is random (256 bits) and only its hash is
 * stored; a link expires after an hour and works once, and using it signs the account out
 * everywhere. Asking by email answers the same whether or not the address has an account.
 */
export function createPasswordResets(deps: {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  baseUrl: string;
}) {
  const { db, clock, mailer } = deps;

  async function issue(userId: string, issuedBy: string | null) {
    const token = newSecretToken();
    const created = clock.now();
    const expiresAt = new Date(created.getTime() + RESET_MINUTES * 60_000).toISOString();
    await db
      .insertInto('password_resets')
      .values({
        id: newId(created.getTime()),
        token_hash: hashToken(token),
        user_id: userId,
        issued_by: issuedBy,
        created_at: created.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    return { url: `${deps.baseUrl}/admin/#/reset/${token}`, expires_at: expiresAt };
  }

  async function findOpen(token: string) {
    const row = await db
      .selectFrom('password_resets as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.user_id', 'r.expires_at', 'u.email', 'u.disabled_at'])
      .where('r.token_hash', '=', hashToken(token))
      .where('r.used_at', 'is', null)
      .executeTakeFirst();
    if (!row || row.disabled_at || Date.parse(row.expires_at) <= clock.now().getTime()) return undefined;
    return row;
  }

  return {
    /** How a forgotten password is recovered here: by email (SMTP set) or from an administrator. */
    delivery: (): 'email' | 'admin' => (mailer.transportKind === 'smtp' ? 'email' : 'admin'),

    /** An administrator's link for a teammate, to hand over in person or by chat. */
    async issueForTeammate(actorId: string, userId: string) {
      const user = await db
        .selectFrom('users')
        .select(['id', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw notFound('User');
      if (user.disabled_at)
        throw new AppError('INVALID_STATE', 'Enable this teammate before resetting their password');
      const link = await issue(user.id, actorId);
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId,
        action: 'user.password_reset_issued',
        targetType: 'user',
        targetId: user.id,
      });
      return link;
    },

    /**
     * Emails a link to `email` when it belongs to an active teammate and SMTP is set. Says
     * nothing about whether it did: the caller answers the same either way, and the mail
     * goes out after the answer so the timing does not tell either.
     */
    async requestByEmail(email: string): Promise<void> {
      if (mailer.transportKind !== 'smtp') return;
      const user = await db
        .selectFrom('users')
        .select(['id', 'email', 'locale', 'disabled_at'])
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      if (!user || user.disabled_at) return;
      const { url } = await issue(user.id, null);
      const strings = messages[user.locale];
      const text = strings['accounts.reset.text']
        .replace('{url}', url)
        .replace('{minutes}', String(RESET_MINUTES));
      const html = text
        .split('\n\n')
        .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</p>`)
        .join('');
      void mailer
        .deliver(`password-reset:${hashToken(url)}`, {
          to: user.email,
          subject: strings['accounts.reset.subject'],
          text,
          html,
          attachments: [],
        })
        .catch(() => {
          // The relay refused: the person asks again; the link is not shown anywhere else.
        });
    },

    /** The open link's account, for the page that asks for the new password. */
    async describe(token: string) {
      const row = await findOpen(token);
      if (!row) throw new AppError('NOT_FOUND', INVALID);
      return { email: row.email, expires_at: row.expires_at };
    },

    /** Sets the new password once; every session of the account ends. */
    async complete(token: string, password: string): Promise<void> {
      const row = await findOpen(token);
      if (!row) throw new AppError('NOT_FOUND', INVALID);
      const at = clock.now().toISOString();
      const claimed = await db
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', INVALID);
      await db
        .updateTable('users')
        .set({ password_hash: await hashPassword(password), updated_at: at })
        .where('id', '=', row.user_id)
        .execute();
      await db.deleteFrom('user_sessions').where('user_id', '=', row.user_id).execute();
      await recordAudit(db, clock, {
        actorType: 'user',
        actorId: row.user_id,
        action: 'user.password_reset',
      });
    },
  };
}
