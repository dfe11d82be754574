import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clip, joinList } from './blocks.js';
import { formatEventRange, formatTime, formatZone } from './format.js';

describe('page date formatting', () => {
  it('formats a same-day range in the event zone for each locale', () => {
    const en = formatEventRange('2026-12-10T06:00:00Z', '2026-12-10T07:30:00Z', 'Asia/Shanghai', 'en');
    assert.match(en, /Thursday, December 10, 2026/);
    assert.match(en, /2:00\s?PM – 3:30\s?PM/);
    const zh = formatEventRange('2026-12-10T06:00:00Z', '2026-12-10T07:30:00Z', 'Asia/Shanghai', 'zh-CN');
    assert.match(zh, /2026年12月10日星期四/);
    assert.match(zh, /14:00 – 15:30/);
  });
  it('names the zone with its offset', () => {
    assert.equal(formatZone('2026-12-10T06:00:00Z', 'Asia/Shanghai', 'en'), 'Asia/Shanghai, GMT+8');
    assert.equal(formatZone('2026-07-01T06:00:00Z', 'America/New_York', 'en'), 'America/New York, GMT-4');
  });
  it('formats a time of day', () => {
    assert.equal(formatTime('2026-12-10T06:00:00Z', 'Asia/Shanghai', 'zh-CN'), '14:00');
  });
});

describe('page text helpers', () => {
  it('lists names with 、 in Chinese and words in English', () => {
    assert.equal(joinList('zh-CN', ['韩梅梅', '李雷', 'Tom']), '韩梅梅、李雷、Tom');
    assert.equal(joinList('en', ['Han', 'Li', 'Tom']), 'Han, Li, and Tom');
  });
  it('cuts a share description at a word, with an ellipsis, and Chinese at a character', () => {
    assert.equal(clip('short text', 50), 'short text');
    assert.equal(
      clip('Budgets are being set for the coming year, so plan now', 30),
      'Budgets are being set for the…',
    );
    assert.equal(clip('预算正在制定中，现在就开始规划明年的直播获客计划吧', 10), '预算正在制定中，现…');
  });
});
