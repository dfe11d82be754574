/**
 * The default SOP, built from the playbook (seed/000_8fd20177c5987ad0.txt, section 4.2):
 * four phases (prepare, promote, go live, wrap up — 籌備、宣傳、直播、收尾 in the text),
 * twelve stages, T-21 plan and resources locked, T-8 every group's materials ready (the
 * playbook's per-group checklist, item by item), T-7 promotion starts, rehearsal,
 * reminders, T+0 live, T+1 replay, T+2 every lead handed to sales (the playbook's 48
 * hours), and the retrospective. Shipped as data in English and Chinese; it is read-only —
 * copy it to change it.
 */
import type { EvidenceKey, Phase, Responsible } from '../tables.js';

type Text = { en: string; 'zh-CN': string };

export interface BuiltinTask {
  key: string;
  responsible: Responsible;
  offset_days: number;
  due_time: string | null;
  evidence: EvidenceKey | null;
  title: Text;
  deliverable: Text;
  metric: Text;
}

export interface BuiltinStage {
  key: string;
  phase: Phase;
  title: Text;
  tasks: BuiltinTask[];
}

export const DEFAULT_TEMPLATE_ID = 'playbook';

export const defaultTemplateInfo = {
  name: { en: 'Playbook SOP (default)', 'zh-CN': '公开课直播 SOP（默认）' },
  description: {
    en: 'Four phases, twelve stages, T-21 to T+7: the way the playbook runs a B2B live event.',
    'zh-CN': '4 个大阶段、12 个小阶段，从 T-21 到 T+7：一场 To B 公开课直播的标准操作流程。',
  },
} satisfies Record<string, Text>;

const task = (
  key: string,
  responsible: Responsible,
  offset_days: number,
  title: Text,
  deliverable: Text,
  metric: Text,
  extra: { due_time?: string; evidence?: EvidenceKey } = {},
): BuiltinTask => ({
  key,
  responsible,
  offset_days,
  due_time: extra.due_time ?? null,
  evidence: extra.evidence ?? null,
  title,
  deliverable,
  metric,
});

export const defaultStages: BuiltinStage[] = [
  {
    key: 'plan',
    phase: 'prepare',
    title: { en: 'Plan locked', 'zh-CN': '立项与方案' },
    tasks: [
      task(
        'plan.locked',
        'owner',
        -21,
        {
          en: 'Lock the event plan: topic, audience, pain point, goals',
          'zh-CN': '确定活动方案：选题、受众、痛点、目标',
        },
        { en: 'Event plan', 'zh-CN': '活动方案' },
        { en: 'Registration, attendee and MQL targets set', 'zh-CN': '报名、观看、优质线索目标已设定' },
      ),
      task(
        'plan.budget',
        'owner',
        -21,
        { en: 'Lock the budget and the people of each group', 'zh-CN': '确定预算，各小组人员到位' },
        { en: 'Budget and team list', 'zh-CN': '预算表与项目组名单' },
        { en: 'Budget per expected lead', 'zh-CN': '单条线索预算' },
      ),
      task(
        'plan.guests',
        'speakers',
        -21,
        { en: 'Confirm the guests, speakers and host', 'zh-CN': '确认嘉宾、讲师和主持人' },
        { en: 'Speakers added to the event', 'zh-CN': '讲师已添加到活动' },
        { en: 'Guests confirmed', 'zh-CN': '已确认嘉宾数' },
        { evidence: 'speakers_added' },
      ),
    ],
  },
  {
    key: 'content',
    phase: 'prepare',
    title: { en: 'Content and channels planned', 'zh-CN': '内容与渠道筹备' },
    tasks: [
      task(
        'content.outline',
        'speakers',
        -14,
        {
          en: 'Agree the talk outline and key points with the speakers',
          'zh-CN': '与讲师确认分享大纲和要点',
        },
        { en: 'Talk outline', 'zh-CN': '分享大纲' },
        { en: 'Content delivered on time', 'zh-CN': '内容按时产出' },
      ),
      task(
        'content.channels',
        'channels',
        -14,
        {
          en: 'Research and choose the external channels (paid and free)',
          'zh-CN': '调研并选择外部推广渠道（付费+免费）',
        },
        { en: 'Channel plan with budget', 'zh-CN': '渠道计划及预算' },
        { en: 'Expected registrations per channel', 'zh-CN': '各渠道预估报名数' },
      ),
      task(
        'content.landing',
        'conversion',
        -12,
        {
          en: 'Set up where registrations land: official account, community group, registration form',
          'zh-CN': '设置承接报名流量的平台：公众号、微信社群、问卷表单',
        },
        { en: 'Registration path ready', 'zh-CN': '报名承接路径' },
        { en: 'Visit → registration rate', 'zh-CN': '访问到报名转化率' },
      ),
      task(
        'content.tools',
        'production',
        -12,
        {
          en: 'Choose the live tools: platform, streaming, room and hardware',
          'zh-CN': '选择直播工具：直播平台、推流方案、直播间和硬件设备',
        },
        { en: 'Live setup decision', 'zh-CN': '直播方案选型' },
        { en: 'Setup cost', 'zh-CN': '直播成本' },
      ),
    ],
  },
  {
    key: 'materials',
    phase: 'prepare',
    title: { en: 'Materials ready (T-8 checklist)', 'zh-CN': '物料就绪（T-8 清单）' },
    tasks: [
      task(
        't8.promotion.highlights',
        'promotion',
        -8,
        { en: 'Distil the event’s theme and highlights', 'zh-CN': '提炼活动主题和亮点' },
        { en: 'Theme and highlights copy', 'zh-CN': '主题与亮点文案' },
        { en: 'Copy approved', 'zh-CN': '文案已确认' },
      ),
      task(
        't8.promotion.posters',
        'promotion',
        -8,
        { en: 'Make the event posters and banners', 'zh-CN': '制作活动宣传海报、Banner 等' },
        { en: 'Cover image uploaded, posters and banners', 'zh-CN': '封面图已上传，海报与 Banner' },
        { en: 'Materials ready on time', 'zh-CN': '物料按时完成' },
        { evidence: 'cover_uploaded' },
      ),
      task(
        't8.promotion.articles',
        'promotion',
        -8,
        { en: 'Write the new-media articles and graphics', 'zh-CN': '产出新媒体宣传图文' },
        { en: 'Articles ready to publish', 'zh-CN': '待发布的宣传图文' },
        { en: 'Articles ready', 'zh-CN': '图文篇数' },
      ),
      task(
        't8.promotion.room',
        'promotion',
        -8,
        { en: 'Create and decorate the live room (event page)', 'zh-CN': '创建并装饰直播间（活动页面）' },
        { en: 'Event page with brief, speakers and agenda', 'zh-CN': '含简介、讲师、议程的活动页面' },
        { en: 'Page complete', 'zh-CN': '页面信息完整' },
      ),
      task(
        't8.promotion.review',
        'promotion',
        -8,
        { en: 'Have the department check the promotion materials', 'zh-CN': '部门内确认宣传物料是否 OK' },
        { en: 'Materials signed off', 'zh-CN': '物料确认记录' },
        { en: 'Changes requested', 'zh-CN': '修改次数' },
      ),
      task(
        't8.promotion.walkthrough',
        'promotion',
        -8,
        {
          en: 'Walk through the whole registration flow internally',
          'zh-CN': '内部体验报名全流程，确保无误',
        },
        { en: 'Test registration and confirmation email', 'zh-CN': '测试报名及确认邮件' },
        { en: 'Problems found before launch', 'zh-CN': '上线前发现的问题数' },
      ),
      task(
        't8.speakers.confirm',
        'speakers',
        -8,
        {
          en: 'Check with the speakers that the promotion materials are correct and compliant',
          'zh-CN': '和讲师确认宣传物料是否正确、合规',
        },
        { en: 'Speakers’ approval', 'zh-CN': '讲师确认' },
        { en: 'Approved by every speaker', 'zh-CN': '讲师全部确认' },
      ),
      task(
        't8.production.plan',
        'production',
        -8,
        { en: 'Write the on-site live plan for the scene', 'zh-CN': '根据直播场景，制作现场直播方案' },
        { en: 'Live run sheet', 'zh-CN': '现场直播方案' },
        { en: 'Plan reviewed', 'zh-CN': '方案已评审' },
      ),
      task(
        't8.production.calendar',
        'production',
        -8,
        { en: 'Put rehearsal and live in the room calendar', 'zh-CN': '布置直播间日历（彩排+直播）' },
        { en: 'Calendar invitations sent', 'zh-CN': '日历邀请已发出' },
        { en: 'Everyone accepted', 'zh-CN': '全员已接受' },
      ),
      task(
        't8.production.equipment',
        'production',
        -8,
        { en: 'Prepare the live equipment', 'zh-CN': '准备需要的直播设备' },
        { en: 'Equipment checklist', 'zh-CN': '设备清单' },
        { en: 'Equipment tested', 'zh-CN': '设备已测试' },
      ),
      task(
        't8.production.network',
        'production',
        -8,
        {
          en: 'Book IT to secure the network for rehearsal and live',
          'zh-CN': '预约 IT 时间，保障彩排和直播期间网络',
        },
        { en: 'IT booking', 'zh-CN': 'IT 预约' },
        { en: 'Upload bandwidth measured', 'zh-CN': '上行带宽实测' },
      ),
      task(
        't8.conversion.offer',
        'conversion',
        -8,
        {
          en: 'Design the offer that wins contact details (slides, resource pack)',
          'zh-CN': '设计吸引用户的 offer（资料包等）',
        },
        { en: 'Offer ready to hand out', 'zh-CN': '可发放的 offer' },
        { en: 'Offer claims', 'zh-CN': 'offer 领取数' },
      ),
      task(
        't8.conversion.form',
        'conversion',
        -8,
        { en: 'Design the lead-capture form', 'zh-CN': '设计留资问卷表单' },
        { en: 'Registration form', 'zh-CN': '留资表单' },
        { en: 'Form completion rate', 'zh-CN': '表单完成率' },
      ),
      task(
        't8.conversion.links',
        'conversion',
        -8,
        {
          en: 'Give every promotion channel its own registration QR code and tracking link',
          'zh-CN': '针对不同宣传渠道，提供不同的报名二维码/监测链接',
        },
        { en: 'Tracking link and QR code per channel', 'zh-CN': '各渠道监测链接与二维码' },
        { en: 'Registrations per channel', 'zh-CN': '各渠道报名数' },
        { evidence: 'channel_created' },
      ),
      task(
        't8.conversion.sales',
        'conversion',
        -8,
        {
          en: 'Tell telesales about the event and reserve time to handle every lead within 48 hours after it',
          'zh-CN': '同步电销告知活动，协调活动后 48 小时内处理完活动线索',
        },
        { en: 'Sales briefed, follow-up time reserved', 'zh-CN': '已同步电销并预留跟进时间' },
        { en: 'Leads handled within 48 h', 'zh-CN': '48 小时内处理的线索占比' },
      ),
    ],
  },
  {
    key: 'launch',
    phase: 'promote',
    title: { en: 'Promotion starts', 'zh-CN': '首发宣传' },
    tasks: [
      task(
        'launch.publish',
        'promotion',
        -7,
        { en: 'Publish the event and open registration', 'zh-CN': '发布活动，开放报名' },
        { en: 'Event published', 'zh-CN': '活动已发布' },
        { en: 'Registrations on day one', 'zh-CN': '首日报名数' },
        { evidence: 'event_published' },
      ),
      task(
        'launch.own',
        'promotion',
        -7,
        {
          en: 'Launch on our own media: official account, website, site messages, email',
          'zh-CN': '自有渠道首发：公众号、官网、站内信、邮件',
        },
        { en: 'Launch posts', 'zh-CN': '首发内容' },
        { en: 'Registrations from own media', 'zh-CN': '自有渠道报名数' },
      ),
    ],
  },
  {
    key: 'channels',
    phase: 'promote',
    title: { en: 'Channel promotion', 'zh-CN': '渠道推广' },
    tasks: [
      task(
        'channels.external',
        'channels',
        -6,
        {
          en: 'Run the external promotion with partners and paid channels',
          'zh-CN': '通过合作伙伴和付费渠道进行外部推广',
        },
        { en: 'Channel posts live', 'zh-CN': '渠道推广上线' },
        { en: 'Registrations and cost per channel', 'zh-CN': '各渠道报名数与成本' },
      ),
      task(
        'channels.second',
        'promotion',
        -3,
        {
          en: 'Second wave: speaker highlights and invitations to share',
          'zh-CN': '二次宣传：讲师亮点与邀请转发',
        },
        { en: 'Second-wave posts', 'zh-CN': '二次宣传内容' },
        { en: 'Registrations this week', 'zh-CN': '本周报名数' },
      ),
    ],
  },
  {
    key: 'reminders',
    phase: 'promote',
    title: { en: 'Reminders', 'zh-CN': '直播提醒' },
    tasks: [
      task(
        'reminders.day_before',
        'conversion',
        -1,
        {
          en: 'Remind every registrant the day before (email, SMS, community)',
          'zh-CN': '直播前一天提醒所有报名用户（邮件、短信、社群）',
        },
        { en: 'Reminders sent', 'zh-CN': '提醒已发出' },
        { en: 'Registered → attending rate', 'zh-CN': '报名到观看转化率' },
        { due_time: '10:00' },
      ),
      task(
        'reminders.day_of',
        'conversion',
        0,
        { en: 'Remind registrants on the day, an hour before', 'zh-CN': '直播当天开播前再次提醒' },
        { en: 'Reminders sent', 'zh-CN': '提醒已发出' },
        { en: 'Attendees at start', 'zh-CN': '开播时在线人数' },
      ),
    ],
  },
  {
    key: 'rehearsal',
    phase: 'live',
    title: { en: 'Rehearsal', 'zh-CN': '彩排' },
    tasks: [
      task(
        'rehearsal.run',
        'production',
        -2,
        {
          en: 'Full rehearsal with the speakers: stream, slides, sound',
          'zh-CN': '与讲师完整彩排：推流、课件、声音',
        },
        { en: 'A test stream received by the studio', 'zh-CN': '直播后台收到彩排推流' },
        { en: 'Problems found and fixed', 'zh-CN': '发现并解决的问题数' },
        { evidence: 'rehearsal_received' },
      ),
      task(
        'rehearsal.slides',
        'speakers',
        -2,
        { en: 'Final slides from every speaker', 'zh-CN': '收齐讲师终版课件' },
        { en: 'Final slides', 'zh-CN': '终版课件' },
        { en: 'Slides received', 'zh-CN': '已收课件' },
      ),
    ],
  },
  {
    key: 'golive',
    phase: 'live',
    title: { en: 'Live', 'zh-CN': '正式直播' },
    tasks: [
      task(
        'live.on_air',
        'production',
        0,
        { en: 'Go live on time and keep the stream healthy', 'zh-CN': '准时开播，保障直播流程顺畅' },
        { en: 'The event is live', 'zh-CN': '活动已开播' },
        { en: 'Peak concurrent viewers', 'zh-CN': '同时在线峰值' },
        { evidence: 'event_live' },
      ),
      task(
        'live.offer',
        'conversion',
        0,
        { en: 'Push the offer and the form during the live', 'zh-CN': '直播中推送 offer 与留资表单' },
        { en: 'Offer pushed in the room', 'zh-CN': '直播间已推送 offer' },
        { en: 'Leads captured during the live', 'zh-CN': '直播中获得的线索数' },
      ),
    ],
  },
  {
    key: 'replay',
    phase: 'live',
    title: { en: 'Replay', 'zh-CN': '回放' },
    tasks: [
      task(
        'replay.ready',
        'production',
        1,
        { en: 'Publish the replay', 'zh-CN': '发布直播回放' },
        { en: 'Replay ready', 'zh-CN': '回放已就绪' },
        { en: 'Replay views', 'zh-CN': '回放观看数' },
        { evidence: 'replay_ready' },
      ),
      task(
        'replay.send',
        'promotion',
        1,
        {
          en: 'Send the replay to registrants who missed the live',
          'zh-CN': '向未观看直播的报名用户发送回放',
        },
        { en: 'Replay email and posts', 'zh-CN': '回放通知' },
        { en: 'Replay viewers among no-shows', 'zh-CN': '未到场用户的回放观看数' },
      ),
    ],
  },
  {
    key: 'leads',
    phase: 'wrap_up',
    title: { en: 'Leads to sales', 'zh-CN': '线索跟进' },
    tasks: [
      task(
        'leads.handoff',
        'conversion',
        2,
        {
          en: 'Qualify the leads and hand every one to telesales or sales (within 48 hours)',
          'zh-CN': '筛选符合要求的线索，48 小时内全部交给电销/销售跟进',
        },
        { en: 'Every MQL assigned to a salesperson', 'zh-CN': '优质线索全部分配给销售' },
        { en: 'Leads handled within 48 h', 'zh-CN': '48 小时内处理的线索占比' },
        { evidence: 'mqls_assigned' },
      ),
    ],
  },
  {
    key: 'analysis',
    phase: 'wrap_up',
    title: { en: 'Conversion analysis', 'zh-CN': '转化分析' },
    tasks: [
      task(
        'analysis.funnel',
        'conversion',
        5,
        {
          en: 'Report the conversion: leads → quality leads → customers → opportunities',
          'zh-CN': '统计本次公开课转化效果（线索-优质-客户-商机）',
        },
        { en: 'Conversion report with insights for marketing', 'zh-CN': '转化报告及给市场部门的洞察' },
        { en: 'Opportunities created', 'zh-CN': '商机数' },
      ),
      task(
        'analysis.nurture',
        'conversion',
        7,
        {
          en: 'With sales, nurture registrants who did not convert yet (community, followers, CRM)',
          'zh-CN': '和电销/销售合作，对未转化的报名用户进行二次触达培育',
        },
        { en: 'Nurture plan', 'zh-CN': '培育计划' },
        { en: 'Customers and opportunities from nurture', 'zh-CN': '培育带来的客户和商机' },
      ),
    ],
  },
  {
    key: 'retro',
    phase: 'wrap_up',
    title: { en: 'Retrospective', 'zh-CN': '复盘' },
    tasks: [
      task(
        'retro.meeting',
        'owner',
        7,
        {
          en: 'Hold the retrospective and improve the SOP for the next event',
          'zh-CN': '组织复盘会，优化下一场的 SOP',
        },
        { en: 'Retrospective notes, updated template', 'zh-CN': '复盘记录与更新后的模板' },
        { en: 'Results against the targets', 'zh-CN': '目标达成情况' },
      ),
    ],
  },
];
