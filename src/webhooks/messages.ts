import type { Messages } from '../i18n/index.js';
import { EVENT_TYPES } from './event-types.js';

/** The webhook API's field errors, in the language of whoever asked. */
export const messages = {
  en: {
    'webhooks.error.credentials':
      'Leave the user name and password out of the address; check the signature instead',
    'webhooks.error.event_type': `Use one of ${EVENT_TYPES.join(', ')}`,
    'webhooks.error.no_event_types': 'Choose at least one event type',
  },
  'zh-CN': {
    'webhooks.error.credentials': '请勿在地址中包含用户名和密码；请改为校验签名',
    'webhooks.error.event_type': `请使用以下事件类型之一：${EVENT_TYPES.join(', ')}`,
    'webhooks.error.no_event_types': '请至少选择一种事件类型',
  },
} satisfies Messages;
