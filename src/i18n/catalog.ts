import { messages as analytics } from '../analytics/messages.js';
import { messages as forms } from '../leads/forms/messages.js';
import { messages as leads } from '../leads/messages.js';
import { messages as live } from '../live/messages.js';
import { messages as mail } from '../mail/messages.js';
import { messages as pages } from '../pages/messages.js';
import { messages as promotion } from '../promotion/messages.js';
import { messages as registration } from '../registration/messages.js';
import { messages as room } from '../room/messages.js';
import { messages as sop } from '../sop/messages.js';
import { messages as studio } from '../studio/messages.js';
import { messages as webhooks } from '../webhooks/messages.js';
import type { Messages } from './index.js';
import { messages as fields } from './messages.js';

/**
 * Every domain's strings, merged. A domain keeps its strings in
 * `src/<domain>/messages.ts` and adds itself to `sources` here.
 */
const sources: Messages[] = [
  fields,
  pages,
  registration,
  live,
  room,
  sop,
  leads,
  forms,
  mail,
  studio,
  promotion,
  analytics,
  webhooks,
];

export const catalog: Messages = {
  en: Object.assign({}, ...sources.map((m) => m.en)),
  'zh-CN': Object.assign({}, ...sources.map((m) => m['zh-CN'])),
};
