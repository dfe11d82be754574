import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelUtm, redirectLocation, UTM_MAX, utmFrom, utmToken } from './link.js';

const channel = { code: 'k7m2q9x', kind: 'newsletter' as const, name: 'WeChat article #1' };

describe('channel links', () => {
  it('fill source, medium and campaign when the link carries none', () => {
    assert.deepEqual(channelUtm(channel, 'b2b-live', {}), {
      utm_source: 'wechat-article-1',
      utm_medium: 'email',
      utm_campaign: 'b2b-live',
    });
  });

  it('keep the incoming UTM values over the generated ones', () => {
    const utm = channelUtm(channel, 'b2b-live', { utm_source: 'partner-x', utm_term: 'webinar' });
    assert.equal(utm.utm_source, 'partner-x');
    assert.equal(utm.utm_term, 'webinar');
    assert.equal(utm.utm_medium, 'email');
  });

  it('name Chinese channels in their own script, and fall back to the code', () => {
    assert.equal(utmToken('微信公众号 · 首发'), '微信公众号-首发');
    assert.equal(utmToken('***'), '');
    assert.equal(channelUtm({ ...channel, name: '!!!' }, 's', {}).utm_source, channel.code);
  });

  it('take only strings, strip control characters and cut long values', () => {
    const utm = utmFrom({
      utm_source: ['first', 'second'],
      utm_medium: { nested: true },
      utm_campaign: `a\u0000b${'x'.repeat(500)}`,
      utm_term: '   ',
      other: 'ignored',
    });
    assert.equal(utm.utm_source, 'first');
    assert.equal(utm.utm_medium, undefined);
    assert.equal(utm.utm_campaign?.length, UTM_MAX);
    assert.ok(utm.utm_campaign?.startsWith('abx'));
    assert.equal(utm.utm_term, undefined);
    assert.equal('other' in utm, false);
  });

  it('redirect only to a path on this site', () => {
    const attempts = [
      { next: 'https://evil.example' },
      { url: '//evil.example' },
      { utm_source: 'https://evil.example/\\@x' },
    ];
    for (const query of attempts)
      for (const target of [
        { kind: 'unknown' } as const,
        { kind: 'event', slug: 'b2b-live' } as const,
        { kind: 'channel', slug: 'b2b-live', channel } as const,
      ]) {
        const location = redirectLocation(target, query);
        assert.match(location, /^\/(e\/b2b-live(\?.*)?)?$/, location);
        assert.ok(!location.startsWith('//'));
        assert.equal(new URL(location, 'http://site.test').host, 'site.test');
      }
  });

  it('carry the channel code only while the channel attributes', () => {
    const on = new URL(
      redirectLocation({ kind: 'channel', slug: 'b', channel }, { lang: 'zh-CN' }),
      'http://x',
    );
    assert.equal(on.searchParams.get('channel'), channel.code);
    assert.equal(on.searchParams.get('lang'), 'zh-CN');
    const off = new URL(
      redirectLocation({ kind: 'event', slug: 'b' }, { utm_source: 'mail', lang: 'fr' }),
      'http://x',
    );
    assert.equal(off.searchParams.get('channel'), null);
    assert.equal(off.searchParams.get('utm_source'), 'mail');
    assert.equal(off.searchParams.get('lang'), null);
  });
});
