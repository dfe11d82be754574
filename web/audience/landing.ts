// Progressive enhancement for the landing and confirmation pages: the visitor's local
// time, a live countdown, and a copy button. The pages work fully without this script.

function formatLocalRange(start: Date, end: Date): string {
  const lang = document.documentElement.lang || undefined;
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' });
  // timeStyle cannot be combined with timeZoneName, so the end time spells out its fields.
  const time = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return `${day.format(start)} – ${time.format(end)}`;
}

function showLocalTime(el: HTMLElement): void {
  const start = new Date(el.dataset.start ?? '');
  const end = new Date(el.dataset.end ?? '');
  if (Number.isNaN(start.getTime())) return;
  el.textContent = (el.dataset.template ?? '{time}').replace('{time}', formatLocalRange(start, end));
  el.hidden = false;
}

function startCountdown(el: HTMLElement): void {
  const target = new Date(el.dataset.countdown ?? '').getTime();
  if (Number.isNaN(target)) return;
  const units = el.dataset.units ?? '{d}d {h}h {m}m {s}s';
  const tick = () => {
    const left = Math.max(0, Math.floor((target - Date.now()) / 1000));
    const parts: Record<string, number> = {
      d: Math.floor(left / 86400),
      h: Math.floor((left % 86400) / 3600),
      m: Math.floor((left % 3600) / 60),
      s: left % 60,
    };
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
for (const el of document.querySelectorAll<HTMLElement>('[data-countdown]')) startCountdown(el);
for (const el of document.querySelectorAll<HTMLButtonElement>('button[data-copy]')) enableCopy(el);
