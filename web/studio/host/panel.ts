// The host's room panel in the studio: moderate chat (delete, mute 1/7/15 days or
// permanently, hold for review, close), work through reports and appeals, answer Q&A,
// and run polls, offer cards, check-in and the lucky draw.
import { useEffect, useState } from 'preact/hooks';
import { type Json, newClientId, type RoomClient, type RoomState } from '../../audience/room/client.js';
import { errorText, type Translate } from '../../audience/room/i18n.js';
import {
  formatTime,
  html,
  PollBars,
  Tabs,
  useRoom,
  useStickToBottom,
  useToast,
} from '../../audience/room/ui.js';

type Tab = 'chat' | 'review' | 'qa' | 'engage';
type View = {
  s: RoomState;
  act: (frame: Json) => Promise<Json | undefined>;
  t: Translate;
  locale: string;
  client: RoomClient;
};

export function HostPanel({ client, t, locale }: { client: RoomClient; t: Translate; locale: string }) {
  const s = useRoom(client);
  const [tab, setTab] = useState<Tab>('chat');
  const [toast, setToast] = useToast();
  const act = (frame: Json) =>
    client.request(frame).catch((err: Json) => {
      setToast(errorText(t, err));
      return undefined;
    });
  const queue = s.held.length + s.reports.length + s.appeals.length;
  const openQuestions = s.questions.filter((q) => q.status === 'open').length;
  const tabs: [Tab, string, number][] = [
    ['chat', t('room.tab.chat'), 0],
    ['review', t('room.host.queue'), queue],
    ['qa', t('room.tab.qa'), openQuestions],
    ['engage', t('room.host.engage'), 0],
  ];
  const view = { s, act, t, locale, client };
  return html`<div class="lcr" data-connected=${s.connected}>
    <div class="lcr-head">
      <h2 class="lcr-title">${t('room.host.title')}</h2>
      <span><span class=${`lcr-dot ${s.connected ? '' : 'off'}`}></span>${s.connected ? t('room.viewers', { count: s.viewers }) : s.fatal ? '' : t('room.reconnecting')}</span>
    </div>
    ${s.fatal && html`<div class="lcr-banner warn" role="alert">${t(`room.error.${s.fatal}`)}</div>`}
    <${Tabs} tabs=${tabs} current=${tab} onSelect=${setTab} />
    ${tab === 'chat' && html`<${Chat} ...${view} />`}
    ${tab === 'review' && html`<${Review} ...${view} />`}
    ${tab === 'qa' && html`<${Questions} ...${view} />`}
    ${tab === 'engage' && html`<${Engage} ...${view} />`}
    ${toast && html`<div class="lcr-toast" role="alert">${toast}</div>`}
  </div>`;
}

const DURATIONS = ['1d', '7d', '15d', 'permanent'] as const;

function MuteButton({ viewerId, act, t }: { viewerId: string; act: View['act']; t: Translate }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return html`<button class="lcr-link" data-action="mute" onClick=${() => setOpen(true)}>${t('room.host.mute')}</button>`;
  return html`<span class="acts">${DURATIONS.map(
    (d) =>
      html`<button class="lcr-btn danger small" key=${d} data-duration=${d} onClick=${() => act({ type: 'viewer.mute', viewerId, duration: d }).then(() => setOpen(false))}>${t(`room.host.mute.${d}`)}</button>`,
  )}</span>`;
}

function Chat({ s, act, t, client }: View) {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState(s.announcement ?? '');
  useEffect(() => setNotice(s.announcement ?? ''), [s.announcement]);
  const list = useStickToBottom(s.messages.length);
  const send = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    client.post(newClientId(), text.trim()).catch(() => {});
    setText('');
  };
  return html`
    <div class="lcr-body" data-testid="host-chat" ref=${list}>
      <div class="lcr-row">
        <span>${t('room.host.mode')}</span>
        <span class="lcr-seg">${(['open', 'hold', 'closed'] as const).map(
          (m) =>
            html`<button key=${m} data-mode=${m} aria-pressed=${s.chatMode === m} onClick=${() => act({ type: 'chat.mode', mode: m })}>${t(`room.host.mode.${m}`)}</button>`,
        )}</span>
      </div>
      <form class="lcr-row" onSubmit=${(e: Event) => {
        e.preventDefault();
        act({ type: 'announce', text: notice.trim() || null });
      }}>
        <input name="announcement" maxlength="300" placeholder=${t('room.host.announce')} value=${notice} onInput=${(e: Event) => setNotice((e.target as HTMLInputElement).value)} />
        <button class="lcr-btn small" type="submit">${t('room.host.announce.set')}</button>
        ${s.announcement && html`<button class="lcr-btn secondary small" type="button" onClick=${() => act({ type: 'announce', text: null }).then(() => setNotice(''))}>${t('room.host.announce.clear')}</button>`}
      </form>
      ${s.messages.length === 0 && html`<div class="lcr-empty">${t('room.chat.empty')}</div>`}
      ${s.messages.map(
        (m) => html`<div class="lcr-msg" key=${m.id} data-message=${m.id}>
          ${m.staff && html`<span class="badge">${t('room.chat.host')}</span>`}<span class="n">${m.name}</span><span class="b">${m.body}</span>
          ${
            !m.staff &&
            html`<span class="acts">
            <button class="lcr-link" data-action="delete" onClick=${() => act({ type: 'chat.delete', messageId: m.id })}>${t('room.host.delete')}</button>
            ${m.viewerId && html`<${MuteButton} viewerId=${m.viewerId} act=${act} t=${t} />`}
          </span>`
          }
        </div>`,
      )}
    </div>
    <form class="lcr-compose" onSubmit=${send}>
      <input name="chat" maxlength="500" placeholder=${t('room.chat.placeholder')} value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      <button class="lcr-btn" type="submit" disabled=${!s.connected}>${t('room.chat.send')}</button>
    </form>`;
}

function Review({ s, act, t, locale }: View) {
  const empty = s.held.length + s.reports.length + s.appeals.length + s.mutes.length === 0;
  return html`<div class="lcr-body" data-testid="host-review">
    ${empty && html`<div class="lcr-empty">${t('room.host.queue.empty')}</div>`}
    ${s.held.length > 0 && html`<div class="lcr-section">${t('room.host.held')}</div>`}
    ${s.held.map(
      (m) => html`<div class="lcr-card" key=${m.id}>
        <div><span class="n"><strong>${m.name}</strong></span> ${m.body}</div>
        <div class="lcr-row">
          <button class="lcr-btn small" onClick=${() => act({ type: 'chat.approve', messageId: m.id })}>${t('room.host.approve')}</button>
          <button class="lcr-btn secondary small" onClick=${() => act({ type: 'chat.reject', messageId: m.id })}>${t('room.host.reject')}</button>
          ${m.viewerId && html`<${MuteButton} viewerId=${m.viewerId} act=${act} t=${t} />`}
        </div>
      </div>`,
    )}
    ${s.reports.length > 0 && html`<div class="lcr-section">${t('room.host.reports')}</div>`}
    ${s.reports.map(
      (r) => html`<div class="lcr-card" key=${r.id}>
        <div><strong>${r.name}</strong> ${r.body}</div>
        ${r.reason && html`<p>${r.reason}</p>`}
        <div class="lcr-row">
          <button class="lcr-btn danger small" onClick=${() => act({ type: 'chat.delete', messageId: r.messageId }).then(() => act({ type: 'report.decide', reportId: r.id, status: 'resolved' }))}>${t('room.host.delete')}</button>
          <button class="lcr-btn secondary small" onClick=${() => act({ type: 'report.decide', reportId: r.id, status: 'dismissed' })}>${t('room.host.dismiss')}</button>
          ${r.viewerId && html`<${MuteButton} viewerId=${r.viewerId} act=${act} t=${t} />`}
        </div>
      </div>`,
    )}
    ${s.appeals.length > 0 && html`<div class="lcr-section">${t('room.host.appeals')}</div>`}
    ${s.appeals.map(
      (a) => html`<div class="lcr-card" key=${a.id}>
        <div><strong>${a.name}</strong> ${a.body}</div>
        <div class="lcr-row">
          <button class="lcr-btn small" onClick=${() => act({ type: 'appeal.decide', appealId: a.id, grant: true })}>${t('room.host.grant')}</button>
          <button class="lcr-btn secondary small" onClick=${() => act({ type: 'appeal.decide', appealId: a.id, grant: false })}>${t('room.host.deny')}</button>
        </div>
      </div>`,
    )}
    ${s.mutes.length > 0 && html`<div class="lcr-section">${t('room.host.mutes')}</div>`}
    ${s.mutes.map(
      (m) => html`<div class="lcr-row" key=${m.id} data-muted=${m.viewerId}>
        <strong>${m.name}</strong>
        <span class="lcr-q"><span class="meta">${m.until ? formatTime(m.until, locale) : t('room.host.mute.permanent')}</span></span>
        <button class="lcr-btn secondary small" onClick=${() => act({ type: 'viewer.unmute', viewerId: m.viewerId })}>${t('room.host.unmute')}</button>
      </div>`,
    )}
  </div>`;
}

function Questions({ s, act, t }: View) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const visible = s.questions.filter((q) => q.status !== 'dismissed');
  return html`<div class="lcr-body" data-testid="host-questions">
    ${visible.length === 0 && html`<div class="lcr-empty">${t('room.qa.empty')}</div>`}
    ${[...visible]
      .sort(
        (a, b) => Number(a.status === 'answered') - Number(b.status === 'answered') || b.upvotes - a.upvotes,
      )
      .map(
        (q) => html`<div class="lcr-card lcr-q" key=${q.id}>
          <div class="meta">${q.name} · ▲ ${q.upvotes}${q.pinned ? ` · 📌` : ''}${q.status === 'answered' ? ` · ${t('room.qa.answered')}` : ''}${q.status === 'held' ? ` · ${t('room.host.qa.held')}` : ''}</div>
          <div>${q.body}</div>
          ${q.answer && html`<div class="ans">${q.answer}</div>`}
          <form class="lcr-row" onSubmit=${(e: Event) => {
            e.preventDefault();
            act({ type: 'question.answer', questionId: q.id, answer: answers[q.id] ?? '' });
          }}>
            <input maxlength="1000" placeholder=${t('room.host.qa.placeholder')} value=${answers[q.id] ?? ''} onInput=${(e: Event) => setAnswers({ ...answers, [q.id]: (e.target as HTMLInputElement).value })} />
            <button class="lcr-btn small" type="submit" disabled=${!(answers[q.id] ?? '').trim()}>${t('room.host.qa.answer')}</button>
            <button class="lcr-btn secondary small" type="button" onClick=${() => act({ type: 'question.pin', questionId: q.id, pinned: !q.pinned })}>${t(q.pinned ? 'room.host.qa.unpin' : 'room.host.qa.pin')}</button>
            ${q.status === 'held' && html`<button class="lcr-btn secondary small" type="button" onClick=${() => act({ type: 'question.approve', questionId: q.id })}>${t('room.host.qa.approve')}</button>`}
            <button class="lcr-btn secondary small" type="button" onClick=${() => act({ type: 'question.dismiss', questionId: q.id })}>${t('room.host.qa.dismiss')}</button>
          </form>
        </div>`,
      )}
  </div>`;
}

function Engage(view: View) {
  return html`<div class="lcr-body" data-testid="host-engage">
    <${CheckinAndLottery} ...${view} />
    <${PollEditor} ...${view} />
    <${OfferEditor} ...${view} />
  </div>`;
}

function CheckinAndLottery({ s, act, t }: View) {
  const [prize, setPrize] = useState('');
  const [count, setCount] = useState(1);
  const [pool, setPool] = useState<'checked_in' | 'all'>('checked_in');
  const [result, setResult] = useState<Json | null>(null);
  const draw = (e: Event) => {
    e.preventDefault();
    act({ type: 'lottery.draw', prize: prize.trim(), count, pool }).then((r) => r && setResult(r));
  };
  return html`
    <div class="lcr-section">${t('room.checkin.button')}</div>
    <button class="lcr-btn ${s.checkinOpen ? 'secondary' : ''}" data-action="checkin" onClick=${() => act({ type: s.checkinOpen ? 'checkin.close' : 'checkin.open' })}>
      ${t(s.checkinOpen ? 'room.host.checkin.close' : 'room.host.checkin.open')}
    </button>
    <div class="lcr-section">${t('room.host.lottery')}</div>
    <form onSubmit=${draw}>
      <label class="lcr-field"><span>${t('room.host.lottery.prize')}</span><input name="prize" maxlength="120" required value=${prize} onInput=${(e: Event) => setPrize((e.target as HTMLInputElement).value)} /></label>
      <div class="lcr-row">
        <label class="lcr-field"><span>${t('room.host.lottery.count')}</span><input name="count" type="number" min="1" max="1000" value=${count} onInput=${(e: Event) => setCount(Number((e.target as HTMLInputElement).value))} /></label>
        <label class="lcr-field"><span>${t('room.host.lottery.pool')}</span><select name="pool" value=${pool} onChange=${(e: Event) => setPool((e.target as HTMLSelectElement).value as 'checked_in' | 'all')}>
          <option value="checked_in">${t('room.host.lottery.pool.checked_in')}</option>
          <option value="all">${t('room.host.lottery.pool.all')}</option>
        </select></label>
        <button class="lcr-btn" type="submit">${t('room.host.lottery.draw')}</button>
      </div>
    </form>
    ${result && html`<div class="lcr-card" data-testid="lottery-result"><strong>${(result.winners as Json[]).map((w) => w.name).join(', ')}</strong><p>${t('room.host.lottery.seed', { seed: result.seed })}</p></div>`}`;
}

function PollEditor({ s, act, t }: View) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const create = (e: Event) => {
    e.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    act({
      type: 'poll.create',
      question: question.trim(),
      kind: multiple ? 'multiple' : 'single',
      options: list,
    }).then((r) => {
      if (!r) return;
      setQuestion('');
      setOptions('');
    });
  };
  return html`
    <div class="lcr-section">${t('room.host.poll.new')}</div>
    <form onSubmit=${create} data-testid="poll-form">
      <label class="lcr-field"><span>${t('room.host.poll.question')}</span><input name="question" maxlength="300" required value=${question} onInput=${(e: Event) => setQuestion((e.target as HTMLInputElement).value)} /></label>
      <label class="lcr-field"><span>${t('room.host.poll.options')}</span><textarea name="options" value=${options} onInput=${(e: Event) => setOptions((e.target as HTMLTextAreaElement).value)}></textarea></label>
      <label class="lcr-opt"><input type="checkbox" checked=${multiple} onChange=${() => setMultiple(!multiple)} />${t('room.host.poll.multiple')}</label>
      <button class="lcr-btn" type="submit">${t('room.host.poll.create')}</button>
    </form>
    ${[...s.polls].reverse().map(
      (p) => html`<div class="lcr-card" key=${p.id} data-poll=${p.id} data-status=${p.status}>
        <h3>${p.question} <span class="lcr-q"><span class="meta">· ${t(`room.status.${p.status}`)}</span></span></h3>
        ${p.results && html`<${PollBars} poll=${p} t=${t} />`}
        <div class="lcr-row">
          ${p.status === 'draft' && html`<button class="lcr-btn small" data-action="launch" onClick=${() => act({ type: 'poll.open', pollId: p.id })}>${t('room.host.poll.launch')}</button>`}
          ${p.status === 'open' && html`<button class="lcr-btn secondary small" data-action="close" onClick=${() => act({ type: 'poll.close', pollId: p.id })}>${t('room.host.poll.close')}</button>`}
          <button class="lcr-btn secondary small" data-action="results" onClick=${() => act({ type: 'poll.results', pollId: p.id, show: !p.showResults })}>${t(p.showResults ? 'room.host.poll.hide' : 'room.host.poll.show')}</button>
        </div>
      </div>`,
    )}`;
}

function OfferEditor({ s, act, t }: View) {
  const empty = { title: '', description: '', ctaLabel: '', url: '', requiresForm: false };
  const [offer, setOffer] = useState(empty);
  const field = (key: 'title' | 'description' | 'ctaLabel' | 'url', label: string) =>
    html`<label class="lcr-field"><span>${label}</span><input name=${key} value=${offer[key]} required=${key !== 'description'}
      onInput=${(e: Event) => setOffer({ ...offer, [key]: (e.target as HTMLInputElement).value })} /></label>`;
  const create = (e: Event) => {
    e.preventDefault();
    act({ type: 'offer.create', ...offer }).then((r) => r && setOffer(empty));
  };
  return html`
    <div class="lcr-section">${t('room.host.offer.new')}</div>
    <form onSubmit=${create}>
      ${field('title', t('room.host.offer.title'))} ${field('description', t('room.host.offer.description'))}
      ${field('ctaLabel', t('room.host.offer.cta'))} ${field('url', t('room.host.offer.url'))}
      <label class="lcr-opt"><input type="checkbox" checked=${offer.requiresForm} onChange=${() => setOffer({ ...offer, requiresForm: !offer.requiresForm })} />${t('room.host.offer.form')}</label>
      <button class="lcr-btn" type="submit">${t('room.host.offer.create')}</button>
    </form>
    ${[...s.offers].reverse().map(
      (o) => html`<div class="lcr-card" key=${o.id} data-offer=${o.id}>
        <h3>${o.title} <span class="lcr-q"><span class="meta">· ${t(`room.status.${o.status}`)}</span></span></h3>
        <p>${o.url}</p>
        ${
          o.status === 'live'
            ? html`<button class="lcr-btn secondary small" onClick=${() => act({ type: 'offer.withdraw', offerId: o.id })}>${t('room.host.offer.withdraw')}</button>`
            : html`<button class="lcr-btn small" data-action="push" onClick=${() => act({ type: 'offer.push', offerId: o.id })}>${t('room.host.offer.push')}</button>`
        }
      </div>`,
    )}`;
}
