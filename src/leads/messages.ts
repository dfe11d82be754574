import type { Messages } from '../i18n/index.js';

/** Strings of the overdue-lead email, in the recipient's language. */
export const messages = {
  en: {
    'leads.overdue.subject': 'Overdue lead: {who}',
    'leads.overdue.body':
      '{who} from “{event}” was due for follow-up at {due} and has no call or email logged yet.',
    'leads.overdue.open': 'Open the lead',
  },
  'zh-CN': {
    'leads.overdue.subject': '线索已超时：{who}',
    'leads.overdue.body': '来自“{event}”的 {who} 应在 {due} 前跟进，目前还没有记录电话或邮件。',
    'leads.overdue.open': '打开线索',
  },
} satisfies Messages;
