import type { Clock } from '../clock.js';
import type { EventRow } from '../events/events.js';
import { isLocale, translator } from '../i18n/index.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { formatEventRange, formatZone } from '../pages/format.js';
import { html } from '../pages/html.js';
import { registrationIcs } from './ics.js';
import type { RegistrationRow, Registrations } from './registrations.js';

export const CONFIRMATION_JOB = 'registration.confirmation';

/** The job's and the email's idempotency key: the first email, or a re-send in a given window. */
export const confirmationKey = (registrationId: string, againWindow?: number) =>
  againWindow === undefined
    ? `${CONFIRMATION_JOB}:${registrationId}`
    : `${CONFIRMATION_JOB}:${registrationId}:again:${againWindow}`;

/** The confirmation email: join link, time in the event's zone, and the .ics file attached. */
export function confirmationMail(
  event: EventRow,
  registration: RegistrationRow,
  baseUrl: string,
  now: Date,
): MailMessage {
  const locale = isLocale(registration.locale) ? registration.locale : event.language;
  const tr = translator(locale);
  const joinUrl = `${baseUrl}/j/${registration.join_token}`;
  const when = formatEventRange(event.starts_at, event.ends_at, event.timezone, locale);
  const zone = formatZone(event.starts_at, event.timezone, locale);
  const landingUrl = `${baseUrl}/e/${event.slug}`;
  // The invitation poster (src/promotion/posters): made on first open, with the personal invitation link's QR code.
  const posterUrl = `${baseUrl}/e/${event.slug}/registered/${registration.join_token}/poster.png?size=story`;
  const lines = [
    tr('mail.confirm.greeting', { name: registration.name }),
    '',
    tr('mail.confirm.body', { title: event.title }),
    tr('mail.confirm.when', { when, zone }),
    '',
    tr('mail.confirm.join'),
    joinUrl,
    '',
    tr('mail.confirm.calendar'),
    '',
    tr('mail.confirm.poster'),
    posterUrl,
    '',
    tr('mail.confirm.footer', { url: landingUrl }),
  ];
  const body = html`<div style="font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:560px;margin:0 auto;color:#1b1f2a;line-height:1.55">
<p>${tr('mail.confirm.greeting', { name: registration.name })}</p>
<p>${tr('mail.confirm.body', { title: event.title })}<br><strong>${tr('mail.confirm.when', { when, zone })}</strong></p>
<p>${tr('mail.confirm.join')}</p>
<p><a href="${joinUrl}" style="display:inline-block;background:#2756d8;color:#fff;padding:12px 22px;border-radius:8px;text-decoration:none;font-weight:600">${tr('mail.confirm.button')}</a></p>
<p style="word-break:break-all;font-size:14px;color:#5b6475">${joinUrl}</p>
<p style="font-size:14px;color:#5b6475">${tr('mail.confirm.calendar')}</p>
<p><a href="${posterUrl}">${tr('mail.confirm.poster')}</a></p>
<p style="font-size:12px;color:#5b6475">${tr('mail.confirm.footer', { url: landingUrl })}</p>
</div>`;
  const ics = registrationIcs(event, registration, baseUrl, now);
  return {
    to: registration.email,
    subject: tr('mail.confirm.subject', { title: event.title }),
    text: lines.join('\n'),
    html: body.value,
    attachments: [
      {
        filename: `${event.slug}.ics`,
        contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
        content: ics,
      },
    ],
    eventId: event.id,
    registrationId: registration.id,
  };
}

/** The job that sends a registration's confirmation; a revoked or deleted registration gets none. */
export function confirmationJob(deps: {
  registrations: Registrations;
  mailer: Mailer;
  baseUrl: string;
  clock: Clock;
}) {
  return async (payload: Record<string, unknown>) => {
    const id = String(payload.registration_id);
    const found = await deps.registrations.getWithEvent(id);
    if (found?.registration.status !== 'active') return;
    const again = typeof payload.again === 'number' ? payload.again : undefined;
    await deps.mailer.deliver(
      confirmationKey(id, again),
      confirmationMail(found.event, found.registration, deps.baseUrl, deps.clock.now()),
    );
  };
}
