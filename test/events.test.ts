import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, eventInput, multipartFile, PNG_1X1 } from './support/fixtures.js';
import {
  addTeammate,
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from './support/harness.js';

for (const dialect of dialects) {
  describe(`events API (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let admin: StaffClient;
    let member: StaffClient;
    let sales: StaffClient;
    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
      member = await addTeammate(h, admin, 'member');
      sales = await addTeammate(h, admin, 'sales');
    });
    after(() => h.close());

    it('creates a draft with times read in the event time zone and a slug from the title', async () => {
      const res = await member.request({ method: 'POST', url: '/api/v1/events', payload: eventInput() });
      assert.equal(res.statusCode, 200);
      const { event } = res.json();
      assert.equal(event.status, 'draft');
      assert.equal(event.slug, 'from-0-to-1-b2b-live-ops');
      assert.equal(event.starts_at, '2030-12-10T06:00:00.000Z');
      assert.equal(event.starts_at_local, '2030-12-10T14:00');
      const second = await createEvent(member);
      assert.equal(second.slug, 'from-0-to-1-b2b-live-ops-2');
    });

    it('rejects bad input with field errors and stores nothing', async () => {
      const before = (await member.request({ url: '/api/v1/events' })).json().events.length;
      const res = await member.request({
        method: 'POST',
        url: '/api/v1/events',
        payload: eventInput({ title: '', timezone: 'Mars/Base', format: 'hologram', slug: 'Bad Slug!' }),
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(Object.keys(res.json().error.details.fields).sort(), [
        'format',
        'slug',
        'timezone',
        'title',
      ]);
      const reversed = await member.request({
        method: 'POST',
        url: '/api/v1/events',
        payload: eventInput({ ends_at: '2030-12-10T13:00' }),
      });
      assert.equal(reversed.json().error.details.fields.ends_at, 'The end must be after the start');
      const taken = await member.request({
        method: 'POST',
        url: '/api/v1/events',
        payload: eventInput({ slug: 'from-0-to-1-b2b-live-ops' }),
      });
      assert.equal(taken.statusCode, 409);
      assert.equal((await member.request({ url: '/api/v1/events' })).json().events.length, before);
    });

    it('lets sales read but not write, and answers 401 to strangers', async () => {
      const event = await createEvent(member, { slug: 'roles-check' });
      assert.equal((await sales.request({ url: `/api/v1/events/${event.id}` })).statusCode, 200);
      const edit = await sales.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { title: 'Hacked' },
      });
      assert.equal(edit.statusCode, 403);
      assert.equal((await h.app.inject({ url: `/api/v1/events/${event.id}` })).statusCode, 401);
      assert.equal((await h.app.inject({ url: '/api/v1/events' })).statusCode, 401);
      assert.equal(
        (await member.request({ url: `/api/v1/events/${event.id}` })).json().event.title,
        eventInput().title,
      );
    });

    it('edits an event; moving the zone keeps the wall-clock time; new consent text gets a new version', async () => {
      const event = await createEvent(member, { slug: 'tz-move' });
      const res = await member.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { timezone: 'Europe/Berlin', consent_text: 'New consent' },
      });
      const updated = res.json().event;
      assert.equal(updated.starts_at_local, '2030-12-10T14:00');
      assert.equal(updated.starts_at, '2030-12-10T13:00:00.000Z');
      assert.equal(updated.consent_version, 2);
      const unknown = await member.request({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}`,
        payload: { colour: 'red' },
      });
      assert.equal(unknown.statusCode, 400);
    });

    it('walks the status machine and refuses illegal moves', async () => {
      const event = await createEvent(member, { slug: 'lifecycle' });
      const move = (to: string) =>
        member.request({ method: 'POST', url: `/api/v1/events/${event.id}/status`, payload: { to } });
      assert.equal((await move('live')).json().error.code, 'INVALID_STATE');
      for (const to of ['scheduled', 'live', 'ended', 'on_demand'])
        assert.equal((await move(to)).json().event.status, to);
      assert.equal((await move('live')).statusCode, 409);
      const del = await member.request({ method: 'DELETE', url: `/api/v1/events/${event.id}` });
      assert.equal(del.json().error.code, 'INVALID_STATE');
    });

    it('manages speakers and agenda sessions with speakers', async () => {
      const event = await createEvent(member, { slug: 'with-agenda' });
      const sp = await member.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/speakers`,
        payload: { name: 'Li Lei', title: 'CEO', company: 'Acme', bio: 'Built things', tier: 'executive' },
      });
      const speaker = sp.json().speaker;
      assert.equal(speaker.tier, 'executive');
      const ag = await member.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/agenda`,
        payload: {
          title: 'Keynote',
          starts_at: '2030-12-10T14:00',
          ends_at: '2030-12-10T14:30',
          speaker_ids: [speaker.id],
        },
      });
      assert.equal(ag.statusCode, 200);
      assert.deepEqual(ag.json().session.speaker_ids, [speaker.id]);
      const foreign = await member.request({
        method: 'POST',
        url: `/api/v1/events/${event.id}/agenda`,
        payload: {
          title: 'X',
          starts_at: '2030-12-10T14:00',
          ends_at: '2030-12-10T14:30',
          speaker_ids: ['nope'],
        },
      });
      assert.equal(foreign.json().error.details.fields.speaker_ids, 'Choose speakers of this event');
      const detail = (await member.request({ url: `/api/v1/events/${event.id}` })).json();
      assert.equal(detail.speakers.length, 1);
      assert.equal(detail.agenda[0].starts_at_local, '2030-12-10T14:00');
      await member.request({ method: 'DELETE', url: `/api/v1/events/${event.id}/speakers/${speaker.id}` });
      const after = (await member.request({ url: `/api/v1/events/${event.id}` })).json();
      assert.deepEqual(after.agenda[0].speaker_ids, []);
    });

    it('puts speakers and agenda sessions in the order the team chooses, all or nothing', async () => {
      const event = await createEvent(member, { slug: 'ordered' });
      const speakerIds: string[] = [];
      for (const name of ['Ann', 'Bo', 'Cy']) {
        const res = await member.request({
          method: 'POST',
          url: `/api/v1/events/${event.id}/speakers`,
          payload: { name },
        });
        speakerIds.push(res.json().speaker.id);
      }
      const sessionIds: string[] = [];
      for (const title of ['Welcome', 'Panel']) {
        const res = await member.request({
          method: 'POST',
          url: `/api/v1/events/${event.id}/agenda`,
          payload: { title, starts_at: '2030-12-10T14:00', ends_at: '2030-12-10T14:30' },
        });
        sessionIds.push(res.json().session.id);
      }
      const [ann, bo, cy] = speakerIds as [string, string, string];
      const order = (url: string, ids: string[], client = member) =>
        client.request({ method: 'PUT', url: `/api/v1/events/${event.id}/${url}/order`, payload: { ids } });

      const moved = await order('speakers', [cy, ann, bo]);
      assert.equal(moved.statusCode, 200);
      assert.deepEqual(
        moved.json().speakers.map((x: { name: string }) => x.name),
        ['Cy', 'Ann', 'Bo'],
      );
      assert.equal((await order('agenda', [...sessionIds].reverse())).statusCode, 200);
      const detail = (await member.request({ url: `/api/v1/events/${event.id}` })).json();
      assert.deepEqual(
        detail.speakers.map((x: { name: string }) => x.name),
        ['Cy', 'Ann', 'Bo'],
      );
      assert.deepEqual(
        detail.agenda.map((x: { title: string }) => x.title),
        ['Panel', 'Welcome'],
      );

      for (const ids of [
        [ann, bo],
        [ann, bo, cy, cy],
        [ann, bo, 'nope'],
        [ann, bo, cy, sessionIds[0] as string],
      ]) {
        const bad = await order('speakers', ids);
        assert.equal(bad.statusCode, 400, JSON.stringify(ids));
        assert.equal(bad.json().error.details.fields.ids, 'List every item of this event exactly once');
      }
      assert.equal((await order('speakers', [ann, bo, cy], sales)).statusCode, 403);
      const unchanged = (await member.request({ url: `/api/v1/events/${event.id}` })).json();
      assert.deepEqual(
        unchanged.speakers.map((x: { name: string }) => x.name),
        ['Cy', 'Ann', 'Bo'],
        'refused orders change nothing',
      );
    });

    it('accepts real images as covers and photos, refuses other files and oversize uploads', async () => {
      const event = await createEvent(member, { slug: 'with-cover' });
      const ok = await member.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/cover`,
        ...multipartFile(PNG_1X1),
      });
      assert.equal(ok.statusCode, 200);
      const coverUrl = ok.json().event.cover_url;
      const img = await h.app.inject(coverUrl);
      assert.equal(img.headers['content-type'], 'image/png');
      assert.match(String(img.headers['cache-control']), /immutable/);
      const fake = await member.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/cover`,
        ...multipartFile(Buffer.from('<svg onload=alert(1)>'), 'evil.png', 'image/png'),
      });
      assert.equal(fake.statusCode, 415);
      const big = await member.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/cover`,
        ...multipartFile(Buffer.concat([PNG_1X1, Buffer.alloc(h.config.uploadMaxBytes)])),
      });
      assert.equal(big.statusCode, 413);
      assert.equal(
        (await member.request({ url: `/api/v1/events/${event.id}` })).json().event.cover_url,
        coverUrl,
      );
    });

    it('lists events with filters and registration counts, and documents the routes', async () => {
      const list = (await sales.request({ url: '/api/v1/events?status=draft&q=AGENDA' })).json().events;
      assert.deepEqual(
        list.map((e: { slug: string }) => e.slug),
        ['with-agenda'],
      );
      assert.equal(list[0].registration_count, 0);
      const doc = (await h.app.inject('/api/openapi.json')).json();
      assert.ok(doc.paths['/api/v1/events/{id}/status'].post.requestBody);
      assert.ok(doc.paths['/api/v1/events/{id}/registrations.csv'].get);
    });
  });
}
