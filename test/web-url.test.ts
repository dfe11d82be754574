import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isWebUrl, webUrl } from '../src/validation.js';

const ajv = new Ajv.default();
addFormats.default(ajv);
const isUri = ajv.compile({ type: 'string', format: 'uri' });
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' });

describe('webUrl: the addresses people are sent to', () => {
  it('accepts absolute http(s) addresses and keeps them as the URL parser writes them', () => {
    const url = webUrl(2000);
    assert.equal(url.parse('https://Example.com/a b'), 'https://example.com/a%20b');
    assert.equal(
      url.parse(' https://例子.测试/白皮书.pdf '),
      'https://xn--fsqu00a.xn--0zwm56d/%E7%99%BD%E7%9A%AE%E4%B9%A6.pdf',
    );
    assert.ok(isWebUrl('http://localhost:8080/x'));
  });

  it('refuses what only starts like a link, credentials and other schemes', () => {
    for (const bad of [
      'https://',
      'http://231.&^W',
      'https://]yp',
      'http://?K(pMZ1^N',
      'https://user:pw@example.com/',
      'javascript:alert(1)',
      'ftp://example.com/x',
      '/slides.pdf',
      'http://a{b}.example/',
      'http://Zd|0q9',
    ]) {
      assert.equal(webUrl(2000).safeParse(bad).success, false, bad);
    }
  });

  it('lets a path on this site through only when asked, and never one browsers read as another site', () => {
    const urlOrPath = webUrl(2000, { sitePaths: true });
    assert.equal(urlOrPath.parse('/files/abc'), '/files/abc');
    assert.equal(urlOrPath.parse('https://example.com'), 'https://example.com/');
    assert.equal(urlOrPath.parse('/files/a|b c'), '/files/a%7Cb%20c');
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example/x',
      '/.//evil.example/x',
      '/..//evil.example',
      'slides.pdf',
    ]) {
      assert.equal(urlOrPath.safeParse(bad).success, false, bad);
    }
  });

  it('stores only what the API document’s uri format accepts, whatever the parser leaves bare', () => {
    const url = webUrl(2000);
    assert.equal(
      url.parse('http://a.example/x|y^z[1]?q=`{a}`#f#g%'),
      'http://a.example/x%7Cy%5Ez%5B1%5D?q=%60%7Ba%7D%60#f%23g%25',
    );
    const alphabet = 'aZ09-._~:/?#[]@!$&\'()*+,;=%|^`{}"<> \\é中\ud83d\ude00';
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      let tail = '';
      for (let n = next() % 24; n > 0; n--) tail += alphabet[next() % alphabet.length];
      for (const input of [`https://example.com/${tail}`, `/${tail}`]) {
        const out = webUrl(2000, { sitePaths: true }).safeParse(input);
        if (!out.success) continue;
        assert.ok(
          input.startsWith('/') ? isUriReference(out.data) : isUri(out.data),
          `${input} → ${out.data}`,
        );
        assert.ok(!out.data.startsWith('//'), `${input} → ${out.data}`);
      }
    }
  });
});
