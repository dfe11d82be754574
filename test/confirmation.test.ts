import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, publish } from './support/fixtures.js';
import { dialects, type Harness, setupAdmin, skipReason, startHarness } from './support/harness.js';

const form = new URLSearchParams({
  name: 'Li Lei',
  email: 'li.lei@example.com',
  phone: '+86 138 0013 8000',
  company: 'Example Ltd',
  consent: 'on',
}).toString();

/** The room button's class on the confirmation page, and whether it comes before the calendar. */
function roomButton(page: string) {
  const actions = /<div class="actions">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
  const room = /<a class="([^"]+)" href="[^"]*\/j\/[^"]+">/.exec(actions);
  return { cls: room?.[1], first: actions.trimStart().startsWith('<a') };
}

for (const dialect of dialects) {
  describe(`confirmation page (${dialect})`, { skip: await skipReason(dialect) }, () => {
    let h: Harness;
    let location: string;

    before(async () => {
      h = await startHarness(dialect);
      const admin = await setupAdmin(h);
      const event = await createEvent(admin, { slug: 'soon', starts_at: '2030-12-10T14:00' });
      await publish(admin, event.id);
      const res = await h.app.inject({
        method: 'POST',
        url: '/e/soon/register',
        payload: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      location = res.headers.location as string;
    });
    after(() => h.close());

    it('leads with the calendar weeks before, and with the room link from 30 minutes before the start', async () => {
      let page = (await h.app.inject(location)).body;
      assert.deepEqual(roomButton(page), { cls: 'btn secondary', first: false });
      assert.match(page, /<summary class="btn">Add to calendar<\/summary>/);
      // 2030-12-10 14:00 in Shanghai is 06:00 UTC; move to 20 minutes before.
      h.clock.advance(Date.parse('2030-12-10T05:40:00Z') - h.clock.now().getTime());
      page = (await h.app.inject(location)).body;
      assert.deepEqual(roomButton(page), { cls: 'btn', first: true });
      assert.match(page, /<summary class="btn secondary">Add to calendar<\/summary>/);
    });
  });
}
