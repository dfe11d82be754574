import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { drawWinners } from '../../src/room/lottery.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { clientId, createEvent, register, socketUrl, TestSocket } from './support.js';

for (const dialect of dialects) {
  describe(`room Q&A, polls, offers, check-in, lottery and attendance (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;
    let sales: StaffClient;
    let base: string;
    let eventId: string;
    let regs: Awaited<ReturnType<typeof register>>[];
    let viewers: TestSocket[];
    let host: TestSocket;
    const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36';

    before(async () => {
      h = await startHarness(dialect, { ROOM_TICK_MS: '20', ROOM_POST_BURST: '20' });
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
      admin = await setupAdmin(h);
      sales = await addTeammate(h, admin, 'sales');
      eventId = await createEvent(h);
      regs = await Promise.all(['Ann', 'Ben', 'Cai', 'Dee'].map((n) => register(h, eventId, n)));
      viewers = await Promise.all(
        regs.map((r, i) =>
          TestSocket.open(socketUrl(base, eventId, { token: r.join_token }), {
            headers: i === 0 ? { 'user-agent': phone } : {},
          }),
        ),
      );
      host = await TestSocket.open(socketUrl(base, eventId), { headers: { cookie: admin.cookie } });
    });
    after(async () => {
      for (const s of [...viewers, host]) s.close();
      await h.close();
    });

    it('runs Q&A: ask, upvote once, answer and pin, dismiss', async () => {
      const [ann, ben] = viewers as [TestSocket, TestSocket];
      const asked = await ann.request({
        type: 'question.ask',
        id: clientId(),
        body: 'How does pricing work?',
      });
      const qid = asked.result.questionId;
      await ben.event('question', (e) => (e.question as { id: string }).id === qid);
      assert.equal((await ben.request({ type: 'question.upvote', questionId: qid })).type, 'ack');
      const twice = await ben.request({ type: 'question.upvote', questionId: qid });
      assert.equal(twice.code, 'CONFLICT');
      await host.request({ type: 'question.answer', questionId: qid, answer: 'Per seat, monthly.' });
      await host.request({ type: 'question.pin', questionId: qid, pinned: true });
      const answered = await ann.event(
        'question',
        (e) => (e.question as { pinned: boolean }).pinned === true,
      );
      assert.deepEqual(
        {
          status: (answered.question as { status: string }).status,
          answer: (answered.question as { answer: string }).answer,
          up: (answered.question as { upvotes: number }).upvotes,
        },
        { status: 'answered', answer: 'Per seat, monthly.', up: 1 },
      );
      const other = await ben.request({ type: 'question.ask', id: clientId(), body: 'Off-topic?' });
      await host.request({ type: 'question.dismiss', questionId: other.result.questionId });
      await ann.event('question', (e) => (e.question as { status: string }).status === 'dismissed');
      const list = (await admin.request({ url: `/api/v1/events/${eventId}/room/questions` })).json()
        .questions;
      assert.equal(list.length, 2);
    });

    it('runs a poll: launch, vote once, refuse bad choices, show live results, refuse after close', async () => {
      const [ann, ben, cai] = viewers as [TestSocket, TestSocket, TestSocket];
      const created = await host.request({
        type: 'poll.create',
        question: 'Which cloud?',
        kind: 'single',
        options: ['AWS', 'Aliyun', 'Azure'],
      });
      const pollId = created.result.pollId;
      assert.equal(
        (await ann.request({ type: 'poll.answer', pollId, choices: [0] })).code,
        'NOT_FOUND',
        'drafts are hidden',
      );
      await host.request({ type: 'poll.open', pollId });
      const launched = await ann.event('poll', (e) => (e.poll as { status: string }).status === 'open');
      assert.equal((launched.poll as { results: null }).results, null);
      assert.equal((await ann.request({ type: 'poll.answer', pollId, choices: [1] })).type, 'ack');
      assert.equal((await ann.request({ type: 'poll.answer', pollId, choices: [0] })).code, 'CONFLICT');
      const bad = await ben.request({ type: 'poll.answer', pollId, choices: [0, 1] });
      assert.equal(bad.code, 'VALIDATION_FAILED');
      assert.equal(
        (await ben.request({ type: 'poll.answer', pollId, choices: [7] })).code,
        'VALIDATION_FAILED',
      );
      await ben.request({ type: 'poll.answer', pollId, choices: [1] });
      await host.request({ type: 'poll.results', pollId, show: true });
      const shown = await cai.event('poll', (e) => Array.isArray((e.poll as { results: unknown }).results));
      assert.deepEqual((shown.poll as { results: number[] }).results, [0, 2, 0]);
      await cai.request({ type: 'poll.answer', pollId, choices: [2] });
      await ann.event('poll', (e) => JSON.stringify((e.poll as { results: number[] }).results) === '[0,2,1]');
      await host.request({ type: 'poll.close', pollId });
      const late = await viewers[3]?.request({ type: 'poll.answer', pollId, choices: [0] });
      assert.equal(late?.code, 'INVALID_STATE');
      assert.equal(late?.details.reason, 'poll_closed');
      const results = (await admin.request({ url: `/api/v1/events/${eventId}/room/polls` })).json().polls[0];
      assert.deepEqual(results.results, [0, 2, 1]);
    });

    it('pushes an offer card that asks for a short form before the download, recording each step', async () => {
      const [ann] = viewers as [TestSocket];
      const offer = await host.request({
        type: 'offer.create',
        title: 'Download the slides',
        ctaLabel: 'Download',
        url: '/files/slides.pdf',
        requiresForm: true,
      });
      const offerId = offer.result.offerId;
      await host.request({ type: 'offer.push', offerId });
      const card = await ann.event('offer', (e) => (e.offer as { id: string }).id === offerId);
      assert.equal((card.offer as { url?: string }).url, undefined, 'URL only after the click is recorded');
      const click = await ann.request({ type: 'offer.click', offerId });
      assert.deepEqual(click.result, { offerId, form: true });
      const missing = await ann.request({ type: 'offer.form', offerId, values: { company: '' } });
      assert.equal(missing.code, 'VALIDATION_FAILED');
      const form = await ann.request({
        type: 'offer.form',
        offerId,
        values: { company: 'Acme', job_title: 'CTO' },
      });
      assert.equal(form.result.url, '/files/slides.pdf');
      const again = await ann.request({ type: 'offer.click', offerId });
      assert.equal(again.result.url, '/files/slides.pdf', 'the form is asked once');
      await host.request({ type: 'offer.withdraw', offerId });
      assert.equal((await ann.request({ type: 'offer.click', offerId })).code, 'INVALID_STATE');
    });

    it('opens check-in, refuses doubles and late comers, and draws reproducible lottery winners', async () => {
      const [ann, ben, cai, dee] = viewers as [TestSocket, TestSocket, TestSocket, TestSocket];
      assert.equal((await ann.request({ type: 'checkin' })).details?.reason, 'checkin_closed');
      await host.request({ type: 'checkin.open' });
      await ann.event('checkin', (e) => e.open === true);
      for (const v of [ann, ben, cai]) assert.equal((await v.request({ type: 'checkin' })).type, 'ack');
      assert.equal((await ann.request({ type: 'checkin' })).code, 'CONFLICT');
      await host.request({ type: 'checkin.close' });
      assert.equal((await dee.request({ type: 'checkin' })).code, 'INVALID_STATE');

      const draw = await host.request({ type: 'lottery.draw', count: 2, pool: 'checked_in', prize: 'Book' });
      const winners = draw.result.winners as { viewerId: string; name: string }[];
      assert.equal(winners.length, 2);
      assert.equal(new Set(winners.map((w) => w.viewerId)).size, 2);
      const pool = regs.slice(0, 3).map((r) => r.id);
      assert.ok(winners.every((w) => pool.includes(w.viewerId)));
      assert.deepEqual(
        drawWinners([...pool].reverse(), 2, draw.result.seed),
        winners.map((w) => w.viewerId),
        'recomputable from the seed',
      );
      const announced = await dee.event('lottery');
      assert.deepEqual(
        announced.winners,
        winners.map((w) => w.name),
      );
      const winnerSocket = viewers[regs.findIndex((r) => r.id === winners[0]?.viewerId)];
      await winnerSocket?.event('you.won');
      const big = await host.request({ type: 'lottery.draw', count: 10, pool: 'all', prize: 'Mug' });
      assert.equal(big.result.winners.length, 4, 'never more winners than people');

      const lotteries = (await admin.request({ url: `/api/v1/events/${eventId}/room/lotteries` })).json()
        .lotteries;
      assert.equal(
        lotteries.find((l: { id: string }) => l.id === draw.result.lotteryId).seed,
        draw.result.seed,
      );
      const audit = (await admin.request({ url: `/api/v1/events/${eventId}/room/audit` })).json().entries;
      const logged = audit.find(
        (e: { action: string; details: { lotteryId: string } }) =>
          e.details?.lotteryId === draw.result.lotteryId,
      );
      assert.equal(logged.details.seed, draw.result.seed);
    });

    it('records every interaction per registration and serves them to sales over the API', async () => {
      await viewers[1]?.request({ type: 'chat.send', id: clientId(), body: 'Great talk' });
      const res = await sales.request({
        url: `/api/v1/events/${eventId}/room/interactions?registrationId=${regs[0]?.id}`,
      });
      assert.equal(res.statusCode, 200);
      const types = new Set((res.json().interactions as { type: string }[]).map((i) => i.type));
      for (const t of ['question', 'poll_answer', 'offer_click', 'offer_form', 'offer_download', 'checkin'])
        assert.ok(types.has(t), t);
      const votes = (
        await sales.request({ url: `/api/v1/events/${eventId}/room/interactions?type=question_upvote` })
      ).json();
      assert.equal(votes.interactions[0].registrationId, regs[1]?.id);
      const bad = await sales.request({ url: `/api/v1/events/${eventId}/room/interactions?type=nope` });
      assert.equal(bad.statusCode, 400);
    });

    it('runs host actions over HTTP for the team only', async () => {
      const forbidden = await sales.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/room/actions`,
        payload: { type: 'checkin.open' },
      });
      assert.equal(forbidden.statusCode, 403);
      const invalid = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/room/actions`,
        payload: { type: 'viewer.mute', viewerId: 'x', duration: '2d' },
      });
      assert.equal(invalid.statusCode, 400);
      const ok = await admin.request({
        method: 'POST',
        url: `/api/v1/events/${eventId}/room/actions`,
        payload: { type: 'announce', text: 'Slides at the end' },
      });
      assert.equal(ok.statusCode, 200);
      const pinned = await viewers[2]?.event('announcement', (e) => e.text === 'Slides at the end');
      assert.ok(pinned);
      const doc = (await h.app.inject('/api/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/events/{id}/room/actions'].post);
      assert.ok(doc.paths['/api/v1/events/{id}/room/attendance'].get);
    });

    it('manages team filters: a bad regex is a field error, a new keyword blocks', async () => {
      const bad = await admin.request({
        method: 'POST',
        url: '/api/v1/moderation/filters',
        payload: { pattern: '(', kind: 'regex', action: 'block' },
      });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().error.details.fields.pattern);
      const added = await admin.request({
        method: 'POST',
        url: '/api/v1/moderation/filters',
        payload: { pattern: 'competitorx', kind: 'keyword', action: 'block' },
      });
      assert.equal(added.statusCode, 200);
      const blocked = await viewers[1]?.request({
        type: 'chat.send',
        id: clientId(),
        body: 'Try Competitor-X instead',
      });
      assert.equal(blocked?.result.status, 'blocked');
      const del = await admin.request({
        method: 'DELETE',
        url: `/api/v1/moderation/filters/${added.json().filter.id}`,
      });
      assert.equal(del.statusCode, 200);
    });

    it('keeps attendance: device, heartbeats, leave, and peak concurrency', async () => {
      const [ann] = viewers as [TestSocket];
      ann.sendRaw(JSON.stringify({ v: 1, type: 'heartbeat', playing: true }));
      ann.close();
      await new Promise((r) => setTimeout(r, 1300));
      const report = (await sales.request({ url: `/api/v1/events/${eventId}/room/attendance` })).json();
      const row = report.viewers.find((v: { registrationId: string }) => v.registrationId === regs[0]?.id);
      assert.equal(row.device, 'phone');
      assert.ok(row.lastLeftAt);
      assert.equal(report.summary.viewers, 4);
      assert.ok(report.summary.peakConcurrent >= 3, JSON.stringify(report.peaks));
      assert.ok(!JSON.stringify(report).includes('@example.com'));
    });
  });
}
