/** Strings of the console's frame, sign-in, registrations table and accessibility labels. */
export const consoleEn = {
  'console.actions': 'Actions',
  'console.leads.stageFilter': 'Stage',
  'console.lead.touchKind': 'Kind of touch',
};

export const consoleZhCN: Record<keyof typeof consoleEn, string> = {
  'console.actions': '操作',
  'console.leads.stageFilter': '阶段',
  'console.lead.touchKind': '跟进方式',
};
