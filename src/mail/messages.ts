import type { Messages } from '../i18n/index.js';

/**
 * The built-in wording of each plan step (the team can replace it per event) and the
 * unsubscribe pages. `{{field}}` are merge fields (src/mail/templates/merge.ts).
 */
export const messages = {
  en: {
    'mail.step.reminder_1d.subject': 'Tomorrow: {{event_title}}',
    'mail.step.reminder_1d.body':
      'Hi {{name}},\n\n{{event_title}} starts tomorrow: {{local_time}}.\n\nYour personal join link opens the live room for you.',
    'mail.step.reminder_1h.subject': 'In one hour: {{event_title}}',
    'mail.step.reminder_1h.body':
      'Hi {{name}},\n\n{{event_title}} starts in one hour: {{local_time}}.\n\nKeep this email: the button takes you straight into the room.',
    'mail.step.live.subject': "We're live: {{event_title}}",
    'mail.step.live.body': 'Hi {{name}},\n\n{{event_title}} has started. Join now, we saved you a seat.',
    'mail.step.followup_attendees.subject': 'Thank you for joining {{event_title}}',
    'mail.step.followup_attendees.body':
      'Hi {{name}},\n\nthank you for joining {{event_title}}. The replay and the materials are on the event page.\n\n{{offer_links}}',
    'mail.step.followup_absentees.subject': 'Sorry we missed you: {{event_title}}',
    'mail.step.followup_absentees.body':
      'Hi {{name}},\n\nwe missed you at {{event_title}}. The replay is waiting for you on the event page.',
    'mail.step.replay.subject': 'The replay of {{event_title}} is available',
    'mail.step.replay.body': 'Hi {{name}},\n\nthe replay of {{event_title}} is online now.',
    'mail.step.cancellation.subject': 'Cancelled: {{event_title}}',
    'mail.step.cancellation.body':
      'Hi {{name}},\n\nwe are sorry: {{event_title}} ({{local_time}}) is cancelled. Your calendar entry can be removed.',
    'mail.campaign.body': 'Hi {{name}},\n\n',
    'mail.button.join': 'Join the live room',
    'mail.button.replay': 'Watch the replay',
    'mail.button.event': 'Open the event page',
    'mail.footer': 'You receive this email because you registered for {{event_title}}.',
    'mail.footer.unsubscribe': 'Unsubscribe',
    'mail.unsubscribe.title': 'Unsubscribe',
    'mail.unsubscribe.question': 'Stop marketing emails to {email}?',
    'mail.unsubscribe.note':
      'Emails about events you registered for (reminders with your join link) still reach you.',
    'mail.unsubscribe.button': 'Unsubscribe',
    'mail.unsubscribe.done': 'You are unsubscribed. We will not send you marketing emails any more.',
    'mail.unsubscribe.unknown': 'This unsubscribe link is not valid.',
  },
  'zh-CN': {
    'mail.step.reminder_1d.subject': '明天开播：{{event_title}}',
    'mail.step.reminder_1d.body':
      '{{name}}，您好：\n\n《{{event_title}}》明天开播：{{local_time}}。\n\n您的专属观看链接将为您打开直播间。',
    'mail.step.reminder_1h.subject': '一小时后开播：{{event_title}}',
    'mail.step.reminder_1h.body':
      '{{name}}，您好：\n\n《{{event_title}}》将在一小时后开播：{{local_time}}。\n\n请保留本邮件，点击按钮即可进入直播间。',
    'mail.step.live.subject': '正在直播：{{event_title}}',
    'mail.step.live.body': '{{name}}，您好：\n\n《{{event_title}}》已经开播，现在就进入直播间吧。',
    'mail.step.followup_attendees.subject': '感谢您参加《{{event_title}}》',
    'mail.step.followup_attendees.body':
      '{{name}}，您好：\n\n感谢您参加《{{event_title}}》。回放和资料都在活动页上。\n\n{{offer_links}}',
    'mail.step.followup_absentees.subject': '错过了直播？《{{event_title}}》回放已就绪',
    'mail.step.followup_absentees.body':
      '{{name}}，您好：\n\n很遗憾您没能参加《{{event_title}}》，回放在活动页等您。',
    'mail.step.replay.subject': '《{{event_title}}》回放已上线',
    'mail.step.replay.body': '{{name}}，您好：\n\n《{{event_title}}》的回放现已上线。',
    'mail.step.cancellation.subject': '活动取消：{{event_title}}',
    'mail.step.cancellation.body':
      '{{name}}，您好：\n\n很抱歉，《{{event_title}}》（{{local_time}}）已取消，您可以删除日历中的这项安排。',
    'mail.campaign.body': '{{name}}，您好：\n\n',
    'mail.button.join': '进入直播间',
    'mail.button.replay': '观看回放',
    'mail.button.event': '打开活动页',
    'mail.footer': '您收到这封邮件，是因为您报名了《{{event_title}}》。',
    'mail.footer.unsubscribe': '退订',
    'mail.unsubscribe.title': '退订',
    'mail.unsubscribe.question': '不再向 {email} 发送营销邮件？',
    'mail.unsubscribe.note': '与您已报名活动相关的邮件（含观看链接的提醒）仍会发送给您。',
    'mail.unsubscribe.button': '退订',
    'mail.unsubscribe.done': '您已退订，我们不会再向您发送营销邮件。',
    'mail.unsubscribe.unknown': '这个退订链接无效。',
  },
} satisfies Messages;
