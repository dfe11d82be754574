import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gateProgress, IP_BURST_MAX, judgeReferral, mailboxKey, type ReferralFacts } from './rules.js';

const at = '2026-03-01T10:00:00.000Z';
const minutesBefore = (m: number) => new Date(Date.parse(at) - m * 60_000).toISOString();
const facts = (over: Partial<ReferralFacts> = {}): ReferralFacts => ({
  referrer: { contactId: 'c-ann', email: 'ann@example.com' },
  referred: { contactId: 'c-bob', email: 'bob@example.com' },
  otherEmails: [],
  earlier: [],
  earlierContactIds: [],
  deviceKey: 'dev-1',
  ipKey: 'ip-1',
  at,
  ...over,
});

describe('mailboxKey', () => {
  it('folds case, drops a +tag, and ignores dots only for Gmail', () => {
    assert.equal(mailboxKey('Ann.Lee+webinar@Example.COM'), 'ann.lee@example.com');
    assert.equal(mailboxKey('Ann.Lee+x@GMail.com'), mailboxKey('annlee@googlemail.com'));
    assert.notEqual(mailboxKey('a.b@example.com'), mailboxKey('ab@example.com'));
  });
});

describe('judgeReferral', () => {
  it('counts a colleague from another browser', () => {
    assert.deepEqual(judgeReferral(facts()), { counted: true, reason: null });
  });

  it('refuses self-referral: same contact, same mailbox another way, or the referrer’s own browser', () => {
    assert.equal(
      judgeReferral(facts({ referred: { contactId: 'c-ann', email: 'ann@example.com' } })).reason,
      'self',
    );
    assert.equal(
      judgeReferral(facts({ referred: { contactId: 'c-x', email: 'ann+2@example.com' } })).reason,
      'self',
    );
    assert.equal(judgeReferral(facts({ browserContactId: 'c-ann' })).reason, 'self');
  });

  it('refuses the same mailbox as another registrant of the event', () => {
    const f = facts({
      referred: { contactId: 'c-2', email: 'b.o.b@gmail.com' },
      otherEmails: ['bob+a@gmail.com'],
    });
    assert.equal(judgeReferral(f).reason, 'same_person');
    assert.equal(judgeReferral(facts({ otherEmails: ['bob@example.com'] })).counted, true);
  });

  it('refuses a second referral from the same device within a day, not after', () => {
    const earlier = [{ device_key: 'dev-1', ip_key: 'ip-9', counted: 1, created_at: minutesBefore(60) }];
    assert.equal(judgeReferral(facts({ earlier })).reason, 'same_device');
    const old = [{ ...earlier[0]!, created_at: minutesBefore(25 * 60) }];
    assert.equal(judgeReferral(facts({ earlier: old })).counted, true);
    assert.equal(
      judgeReferral(facts({ browserContactId: 'c-carl', earlierContactIds: ['c-carl'] })).reason,
      'same_device',
    );
  });

  it('lets a few colleagues share an office address, then refuses the burst', () => {
    const from = (n: number, minutes: number) =>
      Array.from({ length: n }, (_, i) => ({
        device_key: `d${i}`,
        ip_key: 'ip-1',
        counted: 1,
        created_at: minutesBefore(minutes),
      }));
    assert.equal(judgeReferral(facts({ earlier: from(IP_BURST_MAX - 1, 5) })).counted, true);
    assert.equal(judgeReferral(facts({ earlier: from(IP_BURST_MAX, 5) })).reason, 'ip_burst');
    assert.equal(judgeReferral(facts({ earlier: from(IP_BURST_MAX, 90) })).counted, true);
  });
});

describe('gateProgress', () => {
  it('says how many remain and when it unlocks', () => {
    assert.deepEqual(gateProgress(2, 3), { counted: 2, goal: 3, remaining: 1, unlocked: false });
    assert.deepEqual(gateProgress(4, 3), { counted: 4, goal: 3, remaining: 0, unlocked: true });
  });
});
