import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WeeklyReviewView } from '../schemas.js';
import { changedThisWeek, weeklyMail } from './mail.js';

const event = (title: string, starts_at: string) => ({
  id: title,
  title,
  status: 'ended' as const,
  timeZone: 'Asia/Shanghai',
  starts_at,
  ends_at: starts_at,
});
const row = (title: string, starts_at: string, registrations: number, attendees: number) => ({
  event: event(title, starts_at),
  registrations: 10,
  registrations_this_week: registrations,
  attendees: 5,
  attendees_live: 5,
  attendees_replay: 0,
  attendees_this_week: attendees,
  mqls: null,
  mqls_this_week: null,
  pipeline: null,
  pipeline_this_week: null,
  revenue: null,
  revenue_this_week: null,
});
/** A review without the leads module: lead columns are null. */
const review: WeeklyReviewView = {
  week: {
    from: '2026-12-13T00:00:00.000Z',
    to: '2026-12-20T00:00:00.000Z',
    previous_from: '2026-12-06T00:00:00.000Z',
  },
  sources: { leads: { available: false, missing: 'lead_stages', reason: 'no leads module' } },
  totals: {
    registrations_this_week: 1200,
    registrations_previous_week: 3,
    attendees_this_week: 7,
    attendees_previous_week: 0,
  },
  events: [
    row('<b>Launch</b>', '2026-12-18T06:00:00.000Z', 1200, 7),
    row('Quiet event', '2026-12-01T06:00:00.000Z', 0, 0),
  ],
};
const base = { review, timezone: 'Asia/Shanghai', baseUrl: 'https://leadcast.example' };

describe('weekly review email', () => {
  it('lists only the events that changed this week', () => {
    assert.deepEqual(
      changedThisWeek(review).map((e) => e.event.title),
      ['<b>Launch</b>'],
    );
  });

  it('says "not available" for lead figures the source cannot give, never 0', () => {
    const mail = weeklyMail({ ...base, user: { name: 'Ann', email: 'ann@example.com', locale: 'en' } });
    assert.equal(mail.to, 'ann@example.com');
    assert.equal(mail.subject, 'Weekly review: 1,200 registrations, 7 viewers this week');
    assert.match(
      mail.text,
      /- <b>Launch<\/b>: registrations 1,200, viewers 7, MQLs not available, pipeline not available, revenue not available/,
    );
    assert.match(mail.text, /MQLs, pipeline and revenue are not available/);
    assert.match(mail.text, /Dec 13, 2026, 8:00 AM to Dec 20, 2026, 8:00 AM/);
    assert.ok(!mail.text.includes('Quiet event'));
    assert.ok(mail.html.includes('&lt;b&gt;Launch&lt;/b&gt;'), 'titles are escaped');
    assert.ok(!mail.html.includes('<b>Launch'));
    assert.match(mail.html, /href="https:\/\/leadcast\.example\/admin\/#\/review"/);
  });

  it('speaks Chinese to a zh-CN reader', () => {
    const mail = weeklyMail({ ...base, user: { name: '李雷', email: 'li@example.com', locale: 'zh-CN' } });
    assert.equal(mail.subject, '周度复盘：本周报名 1,200，观看 7');
    assert.match(mail.text, /^李雷，您好：/);
    assert.match(mail.text, /MQL 暂无数据，商机金额 暂无数据，成交金额 暂无数据/);
    assert.match(mail.text, /打开周度复盘：https:\/\/leadcast\.example\/admin\/#\/review/);
  });
});
