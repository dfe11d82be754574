/** Strings of the referral gate and leaderboard (issue 14). Merged into en.ts / zh-CN.ts. */
export const referralsEn = {
  'event.tab.referrals': 'Referrals',
  'referrals.gate': 'Invite to unlock',
  'referrals.gate.lead':
    'Each registrant gets a personal invitation link and poster. Set a goal and a reward: they see their progress on the confirmation page and in the room.',
  'referrals.gate.none': 'This event has no referral gate.',
  'referrals.goal': 'Colleagues to invite',
  'referrals.reward': 'Reward',
  'referrals.reward.offer': 'An offer download',
  'referrals.reward.replay': 'The replay',
  'referrals.reward.custom': 'A reward of your own (text)',
  'referrals.offer': 'Offer',
  'referrals.offer.none': 'This event has no offers yet: create one in the live room first.',
  'referrals.reward_text': 'Reward text (shown to registrants)',
  'referrals.in_room': 'Show the leaderboard in the room (first names only)',
  'referrals.remove': 'Remove the gate',
  'referrals.rules': 'What counts',
  'referrals.rules.body':
    'Only counted referrals move a registrant’s progress, and registrants see only those. These do not count: registering oneself (the same contact, the same mailbox written another way such as a +tag or Gmail dots, or the referrer’s own browser); an address already registered for this event; a second registration from the same browser and network within a day; more than three from one network address within an hour (colleagues in one office do count).',
  'referrals.leaderboard': 'Leaderboard',
  'referrals.leaderboard.empty': 'No one has registered through an invitation link yet.',
  'referrals.name': 'Referrer',
  'referrals.company': 'Company',
  'referrals.counted': 'Counted',
  'referrals.not_counted': 'Not counted',
  'referrals.summary':
    '{counted} counted; not counted: {self} self, {same_person} same person, {same_device} same device, {ip_burst} address burst',
} as const;

export const referralsZhCN: Record<keyof typeof referralsEn, string> = {
  'event.tab.referrals': '邀请裂变',
  'referrals.gate': '邀请解锁',
  'referrals.gate.lead':
    '每位报名者都有专属邀请链接和邀请卡。设置目标与奖励后，报名者会在报名成功页和直播间看到自己的进度。',
  'referrals.gate.none': '本活动尚未设置邀请解锁。',
  'referrals.goal': '需要邀请的同事人数',
  'referrals.reward': '奖励',
  'referrals.reward.offer': '资料下载',
  'referrals.reward.replay': '活动回放',
  'referrals.reward.custom': '自定义奖励（文字）',
  'referrals.offer': '资料',
  'referrals.offer.none': '本活动还没有资料：请先在直播间创建。',
  'referrals.reward_text': '奖励说明（报名者可见）',
  'referrals.in_room': '在直播间展示邀请排行榜（只显示名字的第一个词）',
  'referrals.remove': '移除邀请解锁',
  'referrals.rules': '计入规则',
  'referrals.rules.body':
    '只有计入的邀请才会推进报名者的进度，报名者也只能看到计入的邀请。以下情况不计入：自己邀请自己（同一联系人、同一邮箱的其他写法如 +标签或 Gmail 的点号、或邀请人自己的浏览器）；本活动已报名的邮箱；同一浏览器和网络一天内的第二次报名；同一网络地址一小时内超过三次报名（同一办公室的同事仍然计入）。',
  'referrals.leaderboard': '邀请排行榜',
  'referrals.leaderboard.empty': '还没有人通过邀请链接报名。',
  'referrals.name': '邀请人',
  'referrals.company': '公司',
  'referrals.counted': '计入',
  'referrals.not_counted': '未计入',
  'referrals.summary':
    '计入 {counted} 人；未计入：自己 {self}，同一人 {same_person}，同一设备 {same_device}，地址突增 {ip_burst}',
};
