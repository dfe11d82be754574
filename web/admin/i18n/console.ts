/** Strings of the console's frame, sign-in, registrations table and accessibility labels. */
export const consoleEn = {
  'console.actions': 'Actions',
  'console.leads.stageFilter': 'Stage',
  'console.lead.touchKind': 'Kind of touch',
  'console.registrations.total.one': '{count} registration',
  'console.registrations.total.other': '{count} registrations',
  'console.registrations.source': 'Source',
  'console.registrations.status': 'Status',
  'console.registrations.direct': 'Direct',
  'console.registrations.referral': 'Invited by a registrant',
  'console.registrations.status.active': 'Registered',
  'console.registrations.status.revoked': 'Revoked',
  'console.registrations.revoke': 'Revoke',
  'console.registrations.restore': 'Restore',
  'console.registrations.revokeLabel': 'Revoke the registration of {name}',
  'console.registrations.restoreLabel': 'Restore the registration of {name}',
  'console.registrations.confirmRevoke':
    'Revoke the registration of {name}? Their join link stops working at once and they leave the room if they are in it.',
  'console.registrations.revoked': 'Registration of {name} revoked.',
  'console.registrations.restored': 'Registration of {name} restored.',
};

export const consoleZhCN: Record<keyof typeof consoleEn, string> = {
  'console.actions': '操作',
  'console.leads.stageFilter': '阶段',
  'console.lead.touchKind': '跟进方式',
  'console.registrations.total.one': '共 {count} 条报名',
  'console.registrations.total.other': '共 {count} 条报名',
  'console.registrations.source': '来源',
  'console.registrations.status': '状态',
  'console.registrations.direct': '直接访问',
  'console.registrations.referral': '由报名者邀请',
  'console.registrations.status.active': '已报名',
  'console.registrations.status.revoked': '已撤销',
  'console.registrations.revoke': '撤销',
  'console.registrations.restore': '恢复',
  'console.registrations.revokeLabel': '撤销 {name} 的报名',
  'console.registrations.restoreLabel': '恢复 {name} 的报名',
  'console.registrations.confirmRevoke':
    '确定撤销 {name} 的报名吗？其参会链接将立即失效，如在直播间内也会被移出。',
  'console.registrations.revoked': '已撤销 {name} 的报名。',
  'console.registrations.restored': '已恢复 {name} 的报名。',
};
