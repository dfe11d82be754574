/** The password-reset email, in the teammate's language. `{url}`, `{minutes}` are filled in. */
export const messages = {
  en: {
    'accounts.reset.subject': 'Reset your LeadCast password',
    'accounts.reset.text':
      'Someone (hopefully you) asked to reset the password of your LeadCast account.\n\nChoose a new password here within {minutes} minutes; the link works once:\n{url}\n\nIf you did not ask, ignore this email: your password stays as it is.',
  },
  'zh-CN': {
    'accounts.reset.subject': '重置您的 LeadCast 密码',
    'accounts.reset.text':
      '有人（希望是您本人）申请重置您的 LeadCast 账户密码。\n\n请在 {minutes} 分钟内通过以下链接设置新密码，链接仅可使用一次：\n{url}\n\n如果不是您本人申请，请忽略此邮件，您的密码不会改变。',
  },
} as const;
