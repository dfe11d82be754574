import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { createEvent, socketUrl, TestSocket } from './support.js';

/**
 * A staff socket is authorised once, when it opens; these check that it follows the session
 * behind it afterwards: signed out, or moved to a role without moderation, it is closed
 * (4401) instead of keeping a moderator's powers and feed.
 */
for (const dialect of dialects) {
  describe(`staff sockets follow their session (${dialect})`, { skip: await skipReason(dialect) }, () => {
    for (const sweep of ['every 100 ms', 'off (commands only)'] as const) {
      describe(`with the periodic check ${sweep}`, () => {
        let h: Harness;
        let admin: StaffClient;
        let base: string;
        let eventId: string;
        const sockets: TestSocket[] = [];
        const staffSocket = async (who: StaffClient) => {
          const s = await TestSocket.open(socketUrl(base, eventId), {
            headers: { cookie: who.cookie, origin: base },
          });
          sockets.push(s);
          return s;
        };
        const chatMode = (s: TestSocket, mode: 'open' | 'hold') => s.request({ type: 'chat.mode', mode });
        /** After the session or rights changed: lets the socket notice (the sweep, or a command past the 5 s window); how it was closed. */
        const notice = async (s: TestSocket) => {
          if (sweep === 'every 100 ms') return s.closedWithin(3000);
          h.clock.advance(6000);
          const reply = await chatMode(s, 'hold');
          assert.equal(reply.type, 'error');
          assert.equal((reply as { code?: string }).code, 'UNAUTHENTICATED');
          return s.closedWithin(3000);
        };

        before(async () => {
          h = await startHarness(dialect, {
            ROOM_TICK_MS: '20',
            ROOM_STAFF_RECHECK_MS: sweep === 'every 100 ms' ? '100' : '600000',
          });
          await h.app.listen({ port: 0, host: '127.0.0.1' });
          base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
          admin = await setupAdmin(h);
          eventId = await createEvent(h);
        });
        after(async () => {
          for (const s of sockets) s.close();
          await h.close();
        });

        it('closes the socket of a teammate who signed out; other staff sockets stay', async () => {
          const host = await staffSocket(admin);
          const mate = await addTeammate(h, admin, 'member', `out-${sweep.length}@example.com`);
          const theirs = await staffSocket(mate);
          assert.equal((await chatMode(theirs, 'open')).type, 'ack');
          const out = await mate.request({ method: 'POST', url: '/api/v1/auth/sign-out' });
          assert.equal(out.statusCode, 200, out.body);
          assert.equal((await notice(theirs))?.code, 4401);
          assert.equal(host.closed, undefined);
          assert.equal((await chatMode(host, 'open')).type, 'ack', 'a valid session keeps its socket');
        });

        it('closes the socket of a teammate moved to a role without moderation', async () => {
          const mate = await addTeammate(h, admin, 'member', `demoted-${sweep.length}@example.com`);
          const theirs = await staffSocket(mate);
          assert.equal(theirs.welcome.you.host, true);
          const demoted = await admin.request({
            method: 'PATCH',
            url: `/api/v1/users/${mate.userId}`,
            payload: { role: 'sales' },
          });
          assert.equal(demoted.statusCode, 200, demoted.body);
          assert.equal((await notice(theirs))?.code, 4401);
          const again = await staffSocket(mate);
          assert.equal(again.welcome.you.host, false, 'reconnects with the rights of the new role');
        });
      });
    }
  });
}
