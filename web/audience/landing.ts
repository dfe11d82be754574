// Progressive enhancement for the landing and confirmation pages: the visitor's local
// time (only when their zone differs from the event's), a countdown, the agenda in the
// visitor's zone, and copy buttons. The pages work fully without this script.

const lang = document.documentElement.lang || undefined;
const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** True when the visitor's clock reads the same as the event zone's at `at`: nothing to convert. */
function sameClock(eventZone: string | undefined, at: Date): boolean {
  if (!eventZone || eventZone === viewerZone) return true;
  const wall = (timeZone?: string) =>
    new Intl.DateTimeFormat('en', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  try {
    return wall(eventZone) === wall(undefined);
  } catch {
    return true;
  }
}

function formatLocalRange(start: Date, end: Date): string {
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' });
  // timeStyle cannot be combined with timeZoneName, so the end time spells out its fields.
  const time = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return `${day.format(start)} – ${time.format(end)}`;
}

function showLocalTime(el: HTMLElement): void {
  const start = new Date(el.dataset.start ?? '');
  const end = new Date(el.dataset.end ?? '');
  if (Number.isNaN(start.getTime()) || sameClock(el.dataset.zone, start)) return;
  el.textContent = (el.dataset.template ?? '{time}').replace('{time}', formatLocalRange(start, end));
  el.hidden = false;
}

/** Rewrites the agenda's times and its zone label into the visitor's zone, when it differs. */
function localAgenda(note: HTMLElement): void {
  const times = [...document.querySelectorAll<HTMLTimeElement>('time[data-agenda-time]')];
  const first = times[0] ? new Date(times[0].dateTime) : undefined;
  if (!first || sameClock(note.dataset.zone, first)) return;
  const hm = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
  for (const el of times)
    el.textContent = `${hm.format(new Date(el.dateTime))}–${hm.format(new Date(el.dataset.end ?? ''))}`;
  const zoneName =
    new Intl.DateTimeFormat(lang, { timeZoneName: 'shortOffset' })
      .formatToParts(first)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  note.textContent = (note.dataset.template ?? '{zone}').replace(
    '{zone}',
    `${viewerZone.replace(/_/g, ' ')}, ${zoneName}`,
  );
}

function startCountdown(el: HTMLElement): void {
  const target = new Date(el.dataset.countdown ?? '').getTime();
  if (Number.isNaN(target)) return;
  const tick = () => {
    const left = Math.max(0, Math.floor((target - Date.now()) / 1000));
    const parts: Record<string, number> = {
      d: Math.floor(left / 86400),
      h: Math.floor((left % 86400) / 3600),
      m: Math.floor((left % 3600) / 60),
      s: left % 60,
    };
    const units = (parts.d ? el.dataset.units : el.dataset.unitsShort) ?? '{d} {h}:{m}:{s}';
    el.textContent = `${el.dataset.label ?? ''} ${units.replace(/\{(\w)\}/g, (_, k: string) => String(parts[k] ?? 0))}`;
    el.hidden = left === 0;
    if (left > 0) window.setTimeout(tick, 1000 - (Date.now() % 1000));
  };
  tick();
}

function enableCopy(button: HTMLButtonElement): void {
  const source = document.querySelector(button.dataset.copy ?? '');
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(source.textContent ?? '');
    button.textContent = button.dataset.copied ?? 'Copied';
  });
}

for (const el of document.querySelectorAll<HTMLElement>('[data-local-time]')) showLocalTime(el);
for (const el of document.querySelectorAll<HTMLElement>('[data-zone-note]')) localAgenda(el);
for (const el of document.querySelectorAll<HTMLElement>('[data-countdown]')) startCountdown(el);
for (const el of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) enableCopy(el);
// The error summary takes focus natively (autofocus); after the lines above changed the
// layout, bring it back to the top of the screen (and focus it where autofocus was skipped).
const errors = document.getElementById('reg-errors');
if (errors) {
  errors.focus({ preventScroll: true });
  errors.scrollIntoView({ block: 'start' });
}
