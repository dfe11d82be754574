import type { Messages } from '../i18n/index.js';

/** Every user-facing string of the browser studio: host page, guest page, API and signalling errors. */
export const messages = {
  en: {
    'studio.error.unknown_participant': 'That participant is not in this studio',
    'studio.error.unknown_speaker': 'Choose a speaker of this event',
    'studio.error.guest_limit': 'A studio takes at most {max} guests; revoke a link first',
    'studio.error.speaker': 'Choose a speaker of this event',
    'studio.error.not_here': 'That participant is not connected',
    'studio.error.source_live': 'Switch the ingest before going live or after the end, not while live',
    'studio.error.source_over': 'The live has ended',
    'studio.refused.rtmp': 'This event streams from the browser studio; switch it to RTMP ingest first',
    'studio.refused.studio': 'This event streams from an RTMP encoder; switch it to the browser studio first',
    'studio.closed.revoked': 'Your guest link was revoked',
    'studio.closed.replaced': 'The studio was opened in another tab',
    'field.participant_id': 'Not a participant id',
    'field.signal_payload': 'A signal carries either a description or a candidate',
    'field.signal_to_host': 'Guests signal the host only',
  },
  'zh-CN': {
    'studio.error.unknown_participant': '该参与者不在此演播室中',
    'studio.error.unknown_speaker': '请选择本活动的嘉宾',
    'studio.error.guest_limit': '一个演播室最多邀请 {max} 位嘉宾，请先撤销一个链接',
    'studio.error.speaker': '请选择本活动的嘉宾',
    'studio.error.not_here': '该参与者未连接',
    'studio.error.source_live': '请在开播前或结束后切换推流方式，直播中不能切换',
    'studio.error.source_over': '直播已结束',
    'studio.refused.rtmp': '此活动使用浏览器演播室推流，请先切换为 RTMP 推流',
    'studio.refused.studio': '此活动使用 RTMP 编码器推流，请先切换为浏览器演播室',
    'studio.closed.revoked': '您的嘉宾链接已被撤销',
    'studio.closed.replaced': '演播室已在另一个标签页中打开',
    'field.participant_id': '参与者编号无效',
    'field.signal_payload': '信令须包含描述或候选地址之一',
    'field.signal_to_host': '嘉宾只能向主持人发送信令',
  },
} satisfies Messages;
