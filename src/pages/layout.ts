import type { Locale } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import { html, type SafeHtml } from './html.js';
import { pageCss } from './styles.js';

export interface PageMeta {
  title: string;
  description: string;
  url: string;
  /** og:site_name: the organiser's name, else LeadCast. */
  siteName?: string;
  image?: { url: string; width: number; height: number; alt: string } | null;
  /** Extra tags for <head>, e.g. scripts. */
  head?: SafeHtml;
  noindex?: boolean;
}

const OG_LOCALES: Record<Locale, string> = { en: 'en_US', 'zh-CN': 'zh_CN' };

/** The document shell of every audience page: mobile viewport, share metadata, inline CSS. */
export function layout(locale: Locale, meta: PageMeta, body: SafeHtml): string {
  const image = meta.image;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${meta.url}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<meta property="og:type" content="website">
<meta property="og:site_name" content="${meta.siteName ?? 'LeadCast'}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${meta.url}">
<meta property="og:locale" content="${OG_LOCALES[locale]}">
${
  image
    ? html`<meta property="og:image" content="${image.url}">
<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
<meta property="og:image:alt" content="${image.alt}">`
    : ''
}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
${image ? html`<meta name="twitter:image" content="${image.url}"><meta name="twitter:image:alt" content="${image.alt}">` : ''}
<style>${pageCss}</style>
${meta.head ?? ''}
</head>
<body>
${body}
<footer class="site-footer">${t(locale, 'page.powered_by')}</footer>
</body>
</html>`.value;
}
