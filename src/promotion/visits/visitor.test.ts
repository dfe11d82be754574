import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asksNotToTrack, isAutomated, visitorIdOf } from './visitor.js';

describe('visitor id', () => {
  it('honours Do Not Track and Global Privacy Control', () => {
    assert.equal(asksNotToTrack({ dnt: '1' }), true);
    assert.equal(asksNotToTrack({ 'sec-gpc': '1' }), true);
    assert.equal(asksNotToTrack({ dnt: '0' }), false);
    assert.equal(asksNotToTrack({}), false);
  });

  it('accepts only ids of our own shape', () => {
    assert.equal(visitorIdOf('AbCdEfGhIjKlMnOpQrStUv'), 'AbCdEfGhIjKlMnOpQrStUv');
    for (const bad of [undefined, '', 'short', 'AbCdEfGhIjKlMnOpQrStUv1', "x'; drop table--aaaaaa", 7])
      assert.equal(visitorIdOf(bad), undefined, String(bad));
  });

  it('does not count link previews and crawlers', () => {
    for (const ua of [
      'facebookexternalhit/1.1',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'TelegramBot (like TwitterBot)',
      'WhatsApp/2.23.20.0',
      'Slackbot-LinkExpanding 1.0',
      'curl/8.5.0',
      undefined,
    ])
      assert.equal(isAutomated(ua), true, String(ua));
    for (const ua of [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.40',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    ])
      assert.equal(isAutomated(ua), false, ua);
  });
});
