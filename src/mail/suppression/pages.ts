import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Locale, t } from '../../i18n/index.js';
import { html } from '../../pages/html.js';
import { layout } from '../../pages/layout.js';
import { pageLocale } from '../../pages/locale.js';
import type { Suppression } from './suppression.js';

type Token = { Params: { token: string } };

function page(locale: Locale, baseUrl: string, body: ReturnType<typeof html>) {
  const title = t(locale, 'mail.unsubscribe.title');
  return layout(
    locale,
    { title, description: title, url: baseUrl, noindex: true },
    html`<main class="wrap confirm"><section class="card"><h1>${title}</h1>${body}</section></main>`,
  );
}

/**
 * The unsubscribe link of every plan and campaign email (`/u/<token>`, the token is the
 * contact's, unguessable). A GET only asks (mail scanners open links); the POST unsubscribes,
 * and is also RFC 8058's one-click POST (`List-Unsubscribe=One-Click`) a mail client sends.
 */
export function unsubscribePages(
  app: FastifyInstance,
  deps: { suppression: Suppression; baseUrl: string; publicPerMinute: number; defaultLocale: Locale },
) {
  const { suppression, baseUrl } = deps;
  const limit = { rateLimit: { max: deps.publicPerMinute, timeWindow: 60_000 } };
  const send = (reply: FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(body);

  app.get<Token>('/u/:token', { config: limit }, async (req, reply) => {
    const locale = pageLocale(req, undefined, deps.defaultLocale);
    const found = await suppression.findByToken(req.params.token);
    if (!found)
      return send(reply, 404, page(locale, baseUrl, html`<p>${t(locale, 'mail.unsubscribe.unknown')}</p>`));
    if (found.unsubscribed_at)
      return send(reply, 200, page(locale, baseUrl, html`<p>${t(locale, 'mail.unsubscribe.done')}</p>`));
    return send(
      reply,
      200,
      page(
        locale,
        baseUrl,
        html`<p>${t(locale, 'mail.unsubscribe.question', { email: found.email })}</p>
<p>${t(locale, 'mail.unsubscribe.note')}</p>
<form method="post" action="/u/${req.params.token}"><button class="button" type="submit">${t(locale, 'mail.unsubscribe.button')}</button></form>`,
      ),
    );
  });

  app.post<Token>('/u/:token', { config: limit }, async (req, reply) => {
    const locale = pageLocale(req, undefined, deps.defaultLocale);
    const ok = await suppression.unsubscribe(req.params.token);
    return ok
      ? send(reply, 200, page(locale, baseUrl, html`<p>${t(locale, 'mail.unsubscribe.done')}</p>`))
      : send(reply, 404, page(locale, baseUrl, html`<p>${t(locale, 'mail.unsubscribe.unknown')}</p>`));
  });
}
