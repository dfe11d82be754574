// The audience's side panel in the live room: chat, Q&A, polls, offer cards,
// check-in and lucky-draw banners, and the muted notice with its appeal form.
import { useState } from 'preact/hooks';
import { type Json, newClientId, type RoomClient, type RoomState } from './client.js';
import { errorText, type Translate } from './i18n.js';
import { formatTime, html, PollBars, Tabs, useRoom, useStickToBottom, useToast } from './ui.js';

/** `invite`: the registrant's invitations banner (web/audience/room/invite.ts), when they have a join token. */
type Props = { client: RoomClient; t: Translate; locale: string; invite?: unknown };
type Tab = 'chat' | 'qa' | 'polls' | 'offers';

export function AudiencePanel({ client, t, locale, invite }: Props) {
  const s = useRoom(client);
  const [tab, setTab] = useState<Tab>('chat');
  const [toast, setToast] = useToast();
  const fail = (err: Json) => setToast(errorText(t, err));
  const openPolls = s.polls.filter((p) => p.status === 'open' && !s.pollAnswers[p.id]).length;
  const tabs: [Tab, string, number][] = [
    ['chat', t('room.tab.chat'), 0],
    ['qa', t('room.tab.qa'), 0],
    ['polls', t('room.tab.polls'), openPolls],
    ['offers', t('room.tab.offers'), s.offers.length],
  ];
  const view = { s, client, t, locale, fail };
  return html`<div class="lcr" data-connected=${s.connected}>
    <h2 class="lcr-sr">${t('room.panel.title')}</h2>
    <div class="lcr-head">
      <span><span class=${`lcr-dot ${s.connected ? '' : 'off'}`}></span>${s.connected ? t('room.viewers', { count: s.viewers }) : t(s.everConnected ? 'room.reconnecting' : 'room.connecting')}</span>
      <span>${s.you?.name ?? ''}</span>
    </div>
    ${s.fatal && html`<div class="lcr-banner warn">${t(`room.error.${s.fatal}`)}</div>`}
    ${s.announcement && html`<div class="lcr-banner info" data-testid="announcement"><strong>${t('room.announcement')}</strong> · ${s.announcement}</div>`}
    ${s.won && html`<div class="lcr-banner win">${t('room.lottery.you', { prize: s.won })}</div>`}
    ${s.lottery && html`<div class="lcr-banner" data-testid="lottery">${t('room.lottery.winners', { prize: s.lottery.prize, winners: new Intl.ListFormat(locale, { type: 'conjunction' }).format(s.lottery.winners) })}</div>`}
    ${invite ?? null}
    ${(s.checkinOpen || s.checkedIn) && html`<${Checkin} ...${view} />`}
    <${Tabs} tabs=${tabs} current=${tab} onSelect=${setTab} />
    ${tab === 'chat' && html`<${Chat} ...${view} />`}
    ${tab === 'qa' && html`<${Questions} ...${view} />`}
    ${tab === 'polls' && html`<${Polls} ...${view} />`}
    ${tab === 'offers' && html`<${Offers} ...${view} />`}
    ${toast && html`<div class="lcr-toast" role="alert">${toast}</div>`}
  </div>`;
}

type View = { s: RoomState; client: RoomClient; t: Translate; locale: string; fail: (err: Json) => void };

function Checkin({ s, client, t, fail }: View) {
  const checkIn = () =>
    client.request({ type: 'checkin' }).then(() => client.patch({ checkedIn: true }), fail);
  return html`<div class="lcr-banner info lcr-row">
    <span>${t('room.checkin.open')}</span>
    ${
      s.checkedIn
        ? html`<strong data-testid="checked-in">${t('room.checkin.done')}</strong>`
        : html`<button class="lcr-btn small" onClick=${checkIn}>${t('room.checkin.button')}</button>`
    }
  </div>`;
}

function Chat({ s, client, t, locale, fail }: View) {
  const [text, setText] = useState('');
  const [reported, setReported] = useState<string[]>([]);
  const blocked = s.chatMode === 'closed' || s.muted !== null;
  const list = useStickToBottom(s.messages.length + s.pending.length);
  const send = (e: Event) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    client.post(newClientId(), body).catch(fail);
  };
  const report = (id: string) =>
    client.request({ type: 'report', messageId: id }).then(() => setReported([...reported, id]), fail);
  return html`
    <div class="lcr-body" data-testid="chat" ref=${list}>
      ${s.messages.length === 0 && s.pending.length === 0 && html`<div class="lcr-empty">${t('room.chat.empty')}</div>`}
      ${s.messages.map(
        (m) => html`<div class="lcr-msg" key=${m.id}>
          ${m.staff && html`<span class="badge">${t('room.chat.host')}</span>`}<span class="n">${m.name}</span><span class="b">${m.body}</span>
          ${
            !m.staff && s.you && !s.own.includes(m.id) && !reported.includes(m.id)
              ? html`<button class="lcr-link" onClick=${() => report(m.id)}>${t('room.chat.report')}</button>`
              : reported.includes(m.id) && html`<span class="st">${t('room.chat.reported')}</span>`
          }
        </div>`,
      )}
      ${s.pending.map(
        (p) => html`<div class="lcr-msg pending" key=${p.cid}>
          <span class="n">${s.you?.name}</span><span class="b">${p.body}</span>
          <span class="st">${t(p.status === 'sending' ? 'room.chat.pending' : `room.chat.${p.status}`)}</span>
        </div>`,
      )}
    </div>
    ${s.muted && html`<${Muted} s=${s} client=${client} t=${t} locale=${locale} fail=${fail} />`}
    ${s.chatMode === 'closed' && html`<div class="lcr-banner">${t('room.chat.closed')}</div>`}
    ${s.chatMode === 'hold' && !blocked && html`<div class="lcr-banner">${t('room.chat.hold')}</div>`}
    <form class="lcr-compose" onSubmit=${send}>
      <input name="chat" maxlength="500" placeholder=${t('room.chat.placeholder')} value=${text} disabled=${blocked || !s.connected}
        onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      <button class="lcr-btn" type="submit" disabled=${blocked || !s.connected}>${t('room.chat.send')}</button>
    </form>`;
}

function Muted({ s, client, t, locale, fail }: View) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const muted = s.muted as NonNullable<RoomState['muted']>;
  const submit = (e: Event) => {
    e.preventDefault();
    client.request({ type: 'appeal', body }).then(() => setSent(true), fail);
  };
  return html`<div class="lcr-banner warn" data-testid="muted">
    <div>${muted.until ? t('room.muted.until', { until: formatTime(muted.until, locale) }) : t('room.muted.permanent')}</div>
    ${muted.reason && html`<div>${t('room.muted.reason', { reason: muted.reason })}</div>`}
    ${s.appeal === 'denied' && html`<div>${t('room.appeal.denied')}</div>`}
    ${
      sent
        ? html`<div>${t('room.appeal.sent')}</div>`
        : open
          ? html`<form onSubmit=${submit}>
            <textarea maxlength="1000" placeholder=${t('room.appeal.placeholder')} value=${body} onInput=${(e: Event) => setBody((e.target as HTMLTextAreaElement).value)}></textarea>
            <button class="lcr-btn small" type="submit" disabled=${!body.trim()}>${t('room.appeal.send')}</button>
          </form>`
          : html`<button class="lcr-link" onClick=${() => setOpen(true)}>${t('room.appeal.open')}</button>`
    }
  </div>`;
}

const byPinThenVotes = (a: Json, b: Json) =>
  Number(b.pinned) - Number(a.pinned) || b.upvotes - a.upvotes || (a.id < b.id ? -1 : 1);

function Questions({ s, client, t, locale, fail }: View) {
  const [text, setText] = useState('');
  // The button shows "▲ 3"; its name says what it does and the count ("Upvote, 3 votes so far").
  const upvoteLabel = (count: number) =>
    t(`room.qa.upvoteLabel.${new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other'}`, {
      count,
    });
  const [held, setHeld] = useState(false);
  const ask = (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    client.request({ type: 'question.ask', id: newClientId(), body: text.trim() }).then((result) => {
      setText('');
      setHeld((result as { status?: string }).status === 'held');
    }, fail);
  };
  const upvote = (id: string) =>
    client
      .request({ type: 'question.upvote', questionId: id })
      .then(() => client.patch({ upvoted: [...client.state.upvoted, id] }), fail);
  return html`
    <div class="lcr-body" data-testid="questions">
      ${s.questions.length === 0 && html`<div class="lcr-empty">${t('room.qa.empty')}</div>`}
      ${[...s.questions].sort(byPinThenVotes).map(
        (q) => html`<div class="lcr-card lcr-q" key=${q.id}>
          <div class="meta">${q.pinned && `📌 ${t('room.qa.pinned')} · `}${q.name}${q.status === 'answered' ? ` · ${t('room.qa.answered')}` : ''}</div>
          <div>${q.body}</div>
          ${q.answer && html`<div class="ans">${q.answer}</div>`}
          <div class="lcr-row"><button class="lcr-btn secondary small" title=${t('room.qa.upvote')} aria-label=${upvoteLabel(q.upvotes)} disabled=${s.upvoted.includes(q.id)} onClick=${() => upvote(q.id)}><span aria-hidden="true">▲ ${q.upvotes}</span></button></div>
        </div>`,
      )}
    </div>
    ${held && html`<div class="lcr-banner" role="status" data-testid="question-held">${t('room.qa.held')}</div>`}
    <form class="lcr-compose" onSubmit=${ask}>
      <input name="question" maxlength="500" placeholder=${t('room.qa.placeholder')} value=${text} disabled=${!s.connected || s.muted !== null}
        onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      <button class="lcr-btn" type="submit" disabled=${!s.connected || s.muted !== null}>${t('room.qa.ask')}</button>
    </form>`;
}

function Polls({ s, client, t, fail }: View) {
  return html`<div class="lcr-body" data-testid="polls">
    ${s.polls.length === 0 && html`<div class="lcr-empty">${t('room.polls.empty')}</div>`}
    ${[...s.polls].reverse().map((p) => html`<${Poll} key=${p.id} poll=${p} s=${s} client=${client} t=${t} fail=${fail} />`)}
  </div>`;
}

function Poll({ poll, s, client, t, fail }: { poll: Json } & Omit<View, 'locale'>) {
  const [picked, setPicked] = useState<number[]>([]);
  const answered = s.pollAnswers[poll.id];
  const canVote = poll.status === 'open' && !answered;
  const toggle = (i: number) =>
    setPicked(
      poll.kind === 'single' ? [i] : picked.includes(i) ? picked.filter((x) => x !== i) : [...picked, i],
    );
  const vote = () =>
    client.request({ type: 'poll.answer', pollId: poll.id, choices: picked }).then((r) => {
      client.patch({ pollAnswers: { ...client.state.pollAnswers, [poll.id]: r.choices } });
      setPicked([]);
    }, fail);
  return html`<div class="lcr-card" data-poll=${poll.id}>
    <h3>${poll.question}${poll.status === 'closed' && html` <span class="lcr-q"><span class="meta">· ${t('room.polls.closed')}</span></span>`}</h3>
    ${
      canVote &&
      html`${poll.kind === 'multiple' && html`<p>${t('room.polls.multiple')}</p>`}
      ${poll.options.map(
        (o: string, i: number) => html`<label class="lcr-opt" key=${i}>
          <input type=${poll.kind === 'single' ? 'radio' : 'checkbox'} name=${`poll-${poll.id}`} checked=${picked.includes(i)} onChange=${() => toggle(i)} />${o}
        </label>`,
      )}
      <button class="lcr-btn small" disabled=${picked.length === 0} onClick=${vote}>${t('room.polls.vote')}</button>`
    }
    ${answered && html`<p>${t('room.polls.voted')}</p>`}
    ${poll.results && html`<${PollBars} poll=${poll} t=${t} />`}
  </div>`;
}

function Offers({ s, client, t, fail }: View) {
  return html`<div class="lcr-body" data-testid="offers">
    ${s.offers.length === 0 && html`<div class="lcr-empty">${t('room.offers.empty')}</div>`}
    ${[...s.offers].reverse().map((o) => html`<${Offer} key=${o.id} offer=${o} client=${client} t=${t} fail=${fail} />`)}
  </div>`;
}

function Offer({
  offer,
  client,
  t,
  fail,
}: {
  offer: Json;
  client: RoomClient;
  t: Translate;
  fail: (e: Json) => void;
}) {
  const [form, setForm] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const [values, setValues] = useState({ company: '', job_title: '', phone: '' });
  const got = (r: Json) => {
    if (r.form) return setForm(true);
    setForm(false);
    setUrl(r.url);
    window.open(r.url, '_blank', 'noopener');
  };
  const click = () => client.request({ type: 'offer.click', offerId: offer.id }).then(got, fail);
  const submit = (e: Event) => {
    e.preventDefault();
    const { phone, ...rest } = values;
    client
      .request({ type: 'offer.form', offerId: offer.id, values: phone.trim() ? values : rest })
      .then(got, fail);
  };
  const field = (key: keyof typeof values, label: string, required: boolean) =>
    html`<label class="lcr-field"><span>${label}</span><input name=${key} required=${required} maxlength="120" value=${values[key]}
      onInput=${(e: Event) => setValues({ ...values, [key]: (e.target as HTMLInputElement).value })} /></label>`;
  return html`<div class="lcr-card" data-offer=${offer.id}>
    <h3>${offer.title}</h3>
    ${offer.description && html`<p>${offer.description}</p>`}
    ${
      form
        ? html`<form onSubmit=${submit}>
          <p>${t('room.offers.form')}</p>
          ${field('company', t('room.offers.company'), true)} ${field('job_title', t('room.offers.jobTitle'), true)} ${field('phone', t('room.offers.phone'), false)}
          <button class="lcr-btn" type="submit">${t('room.offers.submit')}</button>
        </form>`
        : html`<button class="lcr-btn" onClick=${click}>${offer.ctaLabel}</button>`
    }
    ${url && html`<p><a class="lcr-download" href=${url} target="_blank" rel="noopener">${offer.ctaLabel}</a> · ${t('room.offers.opened')}</p>`}
  </div>`;
}
