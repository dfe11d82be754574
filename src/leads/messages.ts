import type { Messages } from '../i18n/index.js';

/** Strings of the overdue-lead email and of offers on audience pages, in the reader's language. */
export const messages = {
  en: {
    'leads.overdue.subject': 'Overdue lead: {who}',
    'leads.overdue.body':
      '{who} from “{event}” was due for follow-up at {due} and has no call or email logged yet.',
    'leads.overdue.open': 'Open the lead',
    'offers.title': 'Take-aways',
    'offers.gated_hint': 'A few quick questions first.',
    'offers.gate.intro': 'Tell us a little about yourself and the download starts.',
    'offers.gate.fix': 'Please check the fields marked below.',
    'offers.not_found': 'This offer is not available.',
  },
  'zh-CN': {
    'leads.overdue.subject': '线索已超时：{who}',
    'leads.overdue.body': '来自“{event}”的 {who} 应在 {due} 前跟进，目前还没有记录电话或邮件。',
    'leads.overdue.open': '打开线索',
    'offers.title': '资料下载',
    'offers.gated_hint': '下载前请先回答几个简单问题。',
    'offers.gate.intro': '简单介绍一下您自己，提交后即可下载。',
    'offers.gate.fix': '请检查下方标出的字段。',
    'offers.not_found': '该资料暂不可用。',
  },
} satisfies Messages;
