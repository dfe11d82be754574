import type { Messages } from '../i18n/index.js';

/** Strings of the weekly review email. */
export const messages = {
  en: {
    'analytics.weekly.subject': 'Weekly review: {registrations} registrations, {attendees} viewers this week',
    'analytics.weekly.greeting': 'Hi {name},',
    'analytics.weekly.intro': 'here is the week from {from} to {to} across all published events.',
    'analytics.weekly.totals': 'This week across all events',
    'analytics.weekly.registrations': 'Registrations: {now} (the week before: {before})',
    'analytics.weekly.attendees': 'Registered viewers who watched: {now} (the week before: {before})',
    'analytics.weekly.changed': 'Events that changed this week',
    'analytics.weekly.unchanged':
      'No event had new registrations, viewers, MQLs, pipeline or revenue this week.',
    'analytics.weekly.figures':
      'registrations {registrations}, viewers {attendees}, MQLs {mqls}, pipeline {pipeline}, revenue {revenue}',
    'analytics.weekly.col.event': 'Event',
    'analytics.weekly.col.registrations': 'Registrations',
    'analytics.weekly.col.attendees': 'Viewers',
    'analytics.weekly.col.mqls': 'MQLs',
    'analytics.weekly.col.pipeline': 'Pipeline',
    'analytics.weekly.col.revenue': 'Revenue',
    'analytics.weekly.earlier': 'Earlier event, held {date}',
    'analytics.weekly.replay': 'Earlier event, held {date}: its replay still brings pipeline',
    'analytics.weekly.na': 'not available',
    'analytics.weekly.missing.lead_stages':
      'MQLs, pipeline and revenue are not available: they come from the leads module (lead stages and deals).',
    'analytics.weekly.missing.promotion_visits': 'Landing-page visits are not available.',
    'analytics.weekly.open': 'Open the weekly review',
    'analytics.weekly.open.line': 'Open the weekly review: {url}',
    'analytics.weekly.footer':
      'You receive this every week because you asked for it on the weekly review page. Turn it off there.',
  },
  'zh-CN': {
    'analytics.weekly.subject': '周度复盘：本周报名 {registrations}，观看 {attendees}',
    'analytics.weekly.greeting': '{name}，您好：',
    'analytics.weekly.intro': '以下是所有已发布活动在 {from} 至 {to} 这一周的情况。',
    'analytics.weekly.totals': '本周所有活动合计',
    'analytics.weekly.registrations': '报名：{now}（上一周：{before}）',
    'analytics.weekly.attendees': '观看的报名观众：{now}（上一周：{before}）',
    'analytics.weekly.changed': '本周有变化的活动',
    'analytics.weekly.unchanged': '本周没有活动新增报名、观众、MQL、商机或成交。',
    'analytics.weekly.figures':
      '报名 {registrations}，观看 {attendees}，MQL {mqls}，商机金额 {pipeline}，成交金额 {revenue}',
    'analytics.weekly.col.event': '活动',
    'analytics.weekly.col.registrations': '报名',
    'analytics.weekly.col.attendees': '观看',
    'analytics.weekly.col.mqls': 'MQL',
    'analytics.weekly.col.pipeline': '商机金额',
    'analytics.weekly.col.revenue': '成交金额',
    'analytics.weekly.earlier': '往期活动，举办于 {date}',
    'analytics.weekly.replay': '往期活动，举办于 {date}：回放仍在带来商机',
    'analytics.weekly.na': '暂无数据',
    'analytics.weekly.missing.lead_stages':
      'MQL、商机和成交金额暂无数据：它们来自线索模块（线索阶段与成交）。',
    'analytics.weekly.missing.promotion_visits': '落地页访问暂无数据。',
    'analytics.weekly.open': '打开周度复盘',
    'analytics.weekly.open.line': '打开周度复盘：{url}',
    'analytics.weekly.footer': '您在周度复盘页面开启了此邮件，因此每周都会收到。可在该页面关闭。',
  },
} satisfies Messages;
