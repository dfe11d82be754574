import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  dialects,
  type Harness,
  type StaffClient,
  setupAdmin,
  skipReason,
  startHarness,
} from '../support/harness.js';
import { readQrPng } from '../support/qr.js';
import { invitation, publishedEvent, registerVia } from './support.js';

for (const dialect of dialects) {
  describe(`share actions, posters and progress on audience pages (${dialect})`, {
    skip: await skipReason(dialect),
  }, () => {
    let h: Harness;
    let admin: StaffClient;

    before(async () => {
      h = await startHarness(dialect);
      admin = await setupAdmin(h);
    });
    after(async () => h.close());

    it('shares the event page from the landing page, without JavaScript', async () => {
      const event = await publishedEvent(admin, { slug: 'share-me', title: 'Growth <Live> & more' });
      const page = (await h.app.inject({ url: `/e/${event.slug}` })).body;
      const url = encodeURIComponent('http://localhost:3000/e/share-me');
      assert.match(page, new RegExp(`href="https://www.linkedin.com/sharing/share-offsite/\\?url=${url}"`));
      assert.match(
        page,
        new RegExp(
          `href="https://x.com/intent/tweet\\?text=Growth%20%3CLive%3E%20%26%20more&amp;url=${url}"`,
        ),
      );
      assert.match(page, /href="mailto:\?subject=Join%20me%3A%20Growth%20%3CLive%3E%20%26%20more&amp;body=/);
      assert.match(page, /<details class="wechat"><summary>WeChat<\/summary>/);
      assert.match(page, /<svg role="img" aria-label="WeChat: http:\/\/localhost:3000\/e\/share-me"/);
      assert.doesNotMatch(page, /<Live>/, 'the title is escaped everywhere');
    });

    it('shows the personal link, the gate progress and the poster after registering, and emails the poster link', async () => {
      const event = await publishedEvent(admin, {
        slug: 'poster-zh',
        title: '从 0 到 1：B2B 直播获客',
        language: 'zh-CN',
      });
      await admin.request({
        method: 'PUT',
        url: `/api/v1/events/${event.id}/referral-gate`,
        payload: { goal: 3, reward_kind: 'custom', reward_text: '完整版课件' },
      });
      const token = (await registerVia(h, event.slug, {
        name: '韩梅梅 Meimei 🎉',
        email: 'meimei@example.com',
      }))!;
      const mine = await invitation(h, token);
      const page = (await h.app.inject({ url: `/e/${event.slug}/registered/${token}` })).body;
      assert.match(page, /已有 0\/3 位同事报名/);
      assert.match(page, /再邀请 3 位同事即可解锁：完整版课件/);
      assert.ok(
        page.includes(`<span id="share-url">${mine.invite_url}</span>`),
        'share actions carry the personal link',
      );
      assert.ok(page.includes(`share-offsite/?url=${encodeURIComponent(mine.invite_url)}`));
      assert.ok(page.includes(`href="${mine.poster_urls.square.replace('&', '&amp;')}&amp;download=1"`));

      await registerVia(
        h,
        event.slug,
        { name: 'Lei', email: 'lei@example.com' },
        { ref: mine.invite_url.split('/i/')[1] },
      );
      const after = (await h.app.inject({ url: `/e/${event.slug}/registered/${token}` })).body;
      assert.match(after, /已有 1\/3 位同事报名/);

      for (const [size, dims] of [
        ['story', { width: 750, height: 1334 }],
        ['square', { width: 1080, height: 1080 }],
      ] as const) {
        const res = await h.app.inject({
          url: `${new URL(mine.poster_urls[size]).pathname}?size=${size}&download=1`,
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'image/png');
        assert.match(
          String(res.headers['content-disposition']),
          new RegExp(`poster-zh-invitation-${size}.png`),
        );
        const png = readQrPng(res.rawPayload);
        assert.deepEqual({ width: png.width, height: png.height }, dims);
        assert.equal(png.text, mine.invite_url);
      }
      const cached = h.services.posters.stats().entries;
      const again = await h.app.inject({ url: `${new URL(mine.poster_urls.story).pathname}?size=story` });
      assert.equal(again.statusCode, 200);
      assert.equal(h.services.posters.stats().entries, cached, 'the second request is served from the cache');
      assert.equal(
        (await h.app.inject({ url: `/e/${event.slug}/registered/nope/poster.png` })).statusCode,
        404,
      );

      await h.services.jobs.runDue();
      const mail = await h.services.db.kysely
        .selectFrom('mail_messages')
        .selectAll()
        .where('to_address', '=', 'meimei@example.com')
        .executeTakeFirstOrThrow();
      const posterLink = `http://localhost:3000/e/${event.slug}/registered/${token}/poster.png?size=story`;
      assert.ok(String(mail.text_body).includes(posterLink), 'the confirmation email links the poster');
      assert.ok(String(mail.text_body).includes('用你的专属邀请卡邀请同事：'));
    });
  });
}
