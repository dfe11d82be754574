import type { Messages } from '../i18n/index.js';

/** Strings of the daily SOP digest email. */
export const messages = {
  en: {
    'sop.digest.subject': 'Your event tasks: {overdue} overdue, {upcoming} due soon',
    'sop.digest.greeting': 'Hi {name},',
    'sop.digest.intro': 'here is where your events stand today.',
    'sop.digest.overdue': 'Overdue',
    'sop.digest.upcoming': 'Due in the next 3 days',
    'sop.digest.owned': 'Events you own',
    'sop.digest.owned.summary': '{closed} of {total} tasks closed; {overdue} overdue',
    'sop.digest.task': '{label} · {title} — {event} · due {due}',
    'sop.digest.open': 'Open the project room',
    'sop.digest.open.line': 'Open the project room: {url}',
    'sop.digest.footer':
      'You receive this daily because you have tasks in LeadCast. Turn it off under My tasks.',
    'sop.group.owner': 'Owner',
    'sop.group.speakers': 'Speakers',
    'sop.group.promotion': 'Promotion',
    'sop.group.channels': 'Channels',
    'sop.group.production': 'Live production',
    'sop.group.conversion': 'Conversion',
  },
  'zh-CN': {
    'sop.digest.subject': '您的活动任务：{overdue} 项逾期，{upcoming} 项即将到期',
    'sop.digest.greeting': '{name}，您好：',
    'sop.digest.intro': '以下是您负责的活动今天的进展。',
    'sop.digest.overdue': '已逾期',
    'sop.digest.upcoming': '未来 3 天到期',
    'sop.digest.owned': '您负责的活动',
    'sop.digest.owned.summary': '已完成 {closed}/{total} 项任务；{overdue} 项逾期',
    'sop.digest.task': '{label} · {title} — {event} · 截止 {due}',
    'sop.digest.open': '打开项目空间',
    'sop.digest.open.line': '打开项目空间：{url}',
    'sop.digest.footer': '您每天收到此邮件，是因为您在 LeadCast 中有任务。可在“我的任务”中关闭。',
    'sop.group.owner': '项目负责人',
    'sop.group.speakers': '讲师组',
    'sop.group.promotion': '宣传组',
    'sop.group.channels': '渠道组',
    'sop.group.production': '直播组',
    'sop.group.conversion': '转化组',
  },
} satisfies Messages;
