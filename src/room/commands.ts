import { forbidden } from '../errors.js';
import * as moderation from '../moderation/moderation.js';
import * as chat from './chat.js';
import { checkIn, drawLottery, setCheckin } from './checkin.js';
import type { CommandContext } from './context.js';
import * as offers from './offers.js';
import * as polls from './polls.js';
import { type ClientFrame, isHostCommand } from './protocol.js';
import * as questions from './questions.js';

type Handlers = {
  [K in Exclude<ClientFrame['type'], 'heartbeat'>]: (
    ctx: CommandContext,
    cmd: Extract<ClientFrame, { type: K }>,
  ) => Promise<unknown>;
};

/** Every room command, viewer and host, by frame type. */
const handlers: Handlers = {
  'chat.send': chat.sendChat,
  'question.ask': questions.ask,
  'question.upvote': questions.upvote,
  'poll.answer': polls.answerPoll,
  'offer.click': offers.clickOffer,
  'offer.form': offers.submitOfferForm,
  checkin: (ctx) => checkIn(ctx),
  report: moderation.report,
  appeal: moderation.appeal,
  'chat.delete': chat.deleteMessage,
  'chat.approve': chat.approveMessage,
  'chat.reject': chat.rejectMessage,
  'chat.mode': chat.setChatMode,
  announce: chat.announce,
  'viewer.mute': moderation.mute,
  'viewer.unmute': (ctx, cmd) => moderation.unmute(ctx, cmd),
  'report.decide': moderation.decideReport,
  'appeal.decide': moderation.decideAppeal,
  'question.answer': questions.answerQuestion,
  'question.pin': questions.pinQuestion,
  'question.dismiss': questions.dismissQuestion,
  'question.approve': questions.approveQuestion,
  'poll.create': polls.createPoll,
  'poll.open': polls.openPoll,
  'poll.close': polls.closePoll,
  'poll.results': polls.showResults,
  'offer.create': offers.createOffer,
  'offer.push': offers.pushOffer,
  'offer.withdraw': offers.withdrawOffer,
  'checkin.open': (ctx) => setCheckin(ctx, true),
  'checkin.close': (ctx) => setCheckin(ctx, false),
  'lottery.draw': drawLottery,
};

/**
 * Runs one validated command. Host commands need the `room:moderate` permission: a
 * viewer sending one gets FORBIDDEN and nothing changes.
 */
export function runCommand(
  ctx: CommandContext,
  cmd: Exclude<ClientFrame, { type: 'heartbeat' }>,
): Promise<unknown> {
  if (isHostCommand(cmd.type) && !ctx.viewer.canModerate) {
    return Promise.reject(forbidden('Only the event team can do this (needs room:moderate)'));
  }
  const handler = handlers[cmd.type] as (ctx: CommandContext, cmd: ClientFrame) => Promise<unknown>;
  return handler(ctx, cmd);
}
