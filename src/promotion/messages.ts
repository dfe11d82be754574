import type { Messages } from '../i18n/index.js';

/** Field messages of the promotion API (channels). */
export const messages: Messages = {
  en: {
    'promotion.error.currency': 'Use a three-letter ISO 4217 currency code, such as CNY or USD',
    'promotion.error.currency_required': 'Give the currency of the cost',
    'promotion.error.cost': 'Enter an amount from 0 to 10,000,000 with at most two decimals',
    'promotion.error.owner': 'Choose an active member of the team',
  },
  'zh-CN': {
    'promotion.error.currency': '请使用三位 ISO 4217 货币代码，例如 CNY 或 USD',
    'promotion.error.currency_required': '请填写费用的币种',
    'promotion.error.cost': '请输入 0 到 10,000,000 之间、最多两位小数的金额',
    'promotion.error.owner': '请选择一位在职的团队成员',
  },
};
