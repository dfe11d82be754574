import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv } from './csv.js';
import { buildIcs } from './ics.js';
import { normalisePhone } from './phone.js';
import { registrationInput } from './schemas.js';

describe('normalisePhone', () => {
  it('accepts international and local formats', () => {
    assert.equal(normalisePhone('+86 138-0013-8000'), '+8613800138000');
    assert.equal(normalisePhone('(415) 555 0100'), '4155550100');
  });
  it('rejects letters and implausible lengths', () => {
    assert.equal(normalisePhone('call me'), undefined);
    assert.equal(normalisePhone('12345'), undefined);
    assert.equal(normalisePhone('+1234567890123456'), undefined);
  });
});

describe('registration form validation', () => {
  const good = {
    name: '王小明',
    email: 'Xiao@Example.COM',
    phone: '13800138000',
    company: '微吼',
    consent: 'on',
  };
  it('normalises a good submission', () => {
    const r = registrationInput.parse(good);
    assert.equal(r.email, 'xiao@example.com');
    assert.equal(r.job_title, '');
  });
  it('gives one message key per bad field', () => {
    const r = registrationInput.safeParse({
      name: ' ',
      email: 'nope',
      phone: 'abc',
      company: '',
      website: 'http://spam',
    });
    assert.ok(!r.success);
    const byField = Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    assert.deepEqual(byField, {
      name: 'reg.error.required',
      email: 'reg.error.email',
      phone: 'reg.error.phone',
      company: 'reg.error.required',
      consent: 'reg.error.consent',
      website: 'reg.error.rejected',
    });
  });
});

describe('toCsv', () => {
  it('writes a BOM, quotes every field, escapes quotes and defuses formulas', () => {
    const csv = toCsv(
      ['name', 'note'],
      [
        ['张三', 'say "hi"'],
        ['=HYPERLINK("x")', null],
        ['+86 138', '-cmd|x'],
      ],
    );
    assert.ok(csv.startsWith('\uFEFF"name","note"\r\n'));
    assert.ok(csv.includes('"张三","say ""hi"""'));
    assert.ok(csv.includes(`"'=HYPERLINK(""x"")",""`));
    assert.ok(csv.includes(`"+86 138","'-cmd|x"`));
    assert.ok(csv.endsWith('\r\n'));
  });
});

describe('buildIcs', () => {
  it('produces a valid VEVENT in UTC with escaped, folded text', () => {
    const ics = buildIcs({
      uid: 'r1@leadcast',
      title: 'Live; with, commas',
      description: '直播'.repeat(40),
      startsAt: '2026-12-10T06:00:00.000Z',
      endsAt: '2026-12-10T07:00:00.000Z',
      url: 'https://example.com/j/abc',
      stampedAt: '2026-11-27T00:00:00.000Z',
      sequence: 2,
      lastModified: '2026-11-26T10:00:00.000Z',
    });
    assert.ok(ics.includes('DTSTART:20261210T060000Z\r\n'));
    assert.ok(ics.includes('DTSTAMP:20261127T000000Z\r\nSEQUENCE:2\r\nLAST-MODIFIED:20261126T100000Z\r\n'));
    assert.ok(ics.includes('SUMMARY:Live\\; with\\, commas\r\n'));
    for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    assert.ok(!ics.split('\r\n').join('').includes('\uFFFD'));
  });
});
