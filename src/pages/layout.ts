import type { Locale } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import { html, type SafeHtml } from './html.js';
import { pageCss } from './styles.js';

export interface PageMeta {
  title: string;
  description: string;
  url: string;
  image?: string | null;
  /** Extra tags for <head>, e.g. scripts. */
  head?: SafeHtml;
  noindex?: boolean;
}

/** The document shell of every audience page: mobile viewport, share metadata, inline CSS. */
export function layout(locale: Locale, meta: PageMeta, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${meta.url}">
<meta property="og:type" content="website">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${meta.url}">
<meta property="og:locale" content="${locale.replace('-', '_')}">
${meta.image ? html`<meta property="og:image" content="${meta.image}">` : ''}
<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
${meta.image ? html`<meta name="twitter:image" content="${meta.image}">` : ''}
<style>${pageCss}</style>
${meta.head ?? ''}
</head>
<body>
${body}
<footer class="site-footer">${t(locale, 'page.powered_by')}</footer>
</body>
</html>`.value;
}
