import type { Messages } from '../i18n/index.js';

export const messages = {
  en: {
    'mail.confirm.subject': "You're registered: {title}",
    'mail.confirm.greeting': 'Hi {name},',
    'mail.confirm.body': "you're registered for {title}.",
    'mail.confirm.when': 'When: {when} ({zone})',
    'mail.confirm.join': 'Your personal join link — keep it private, it opens the live room for you:',
    'mail.confirm.button': 'Join the live room',
    'mail.confirm.calendar': 'The attached calendar file adds the event to your calendar.',
    'mail.confirm.footer': 'You receive this email because you registered on {url}.',
  },
  'zh-CN': {
    'mail.confirm.subject': '报名成功：{title}',
    'mail.confirm.greeting': '{name}，您好：',
    'mail.confirm.body': '您已成功报名《{title}》。',
    'mail.confirm.when': '时间：{when}（{zone}）',
    'mail.confirm.join': '您的专属观看链接（请勿转发，它将为您打开直播间）：',
    'mail.confirm.button': '进入直播间',
    'mail.confirm.calendar': '附件中的日历文件可将活动添加到您的日历。',
    'mail.confirm.footer': '您收到此邮件，是因为您在 {url} 报名了本活动。',
  },
} satisfies Messages;
