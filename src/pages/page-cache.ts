import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A rendered page with its compressed forms, made once when the page is cached. */
export interface CachedPage {
  html: string;
  gzip: Buffer;
  br: Buffer;
}

export function compressPage(html: string): CachedPage {
  const raw = Buffer.from(html);
  return {
    html,
    gzip: gzipSync(raw, { level: 9 }),
    br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
  };
}

const accepted = (req: FastifyRequest) => {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  return /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
};

/** Picks brotli, then gzip, else plain, from the request's Accept-Encoding. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage, cacheControl: string) {
  const encoding = accepted(req);
  reply
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .type('text/html; charset=utf-8');
  if (encoding) return reply.header('content-encoding', encoding).send(page[encoding]);
  return reply.send(page.html);
}

/**
 * A page rendered for one request (form errors, a confirmation): compressed in the one
 * encoding the browser takes, at a level cheap enough to run per request (~1 ms for 20 KB).
 */
export function sendFreshPage(req: FastifyRequest, reply: FastifyReply, html: string, cacheControl: string) {
  const encoding = accepted(req);
  reply
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .type('text/html; charset=utf-8');
  const raw = Buffer.from(html);
  if (encoding === 'br')
    return reply
      .header('content-encoding', 'br')
      .send(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));
  if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(gzipSync(raw, { level: 6 }));
  return reply.send(html);
}

/**
 * Two layers in front of page rendering: pages by version (the key includes the event's
 * updated_at, so a change is visible at once on the next miss) and a one-second microcache
 * by URL that answers without touching the database — what keeps a landing page standing
 * when a campaign link goes out. Both are bounded.
 */
export class PageCache {
  private readonly versions = new Map<string, CachedPage>();
  private readonly micro = new Map<string, { page: CachedPage; until: number }>();

  constructor(
    private readonly max = 500,
    private readonly microMs = 1000,
  ) {}

  recent(urlKey: string, now = Date.now()): CachedPage | undefined {
    const hit = this.micro.get(urlKey);
    return hit && hit.until > now ? hit.page : undefined;
  }

  async version(
    versionKey: string,
    urlKey: string,
    render: () => Promise<string>,
    now = Date.now(),
  ): Promise<CachedPage> {
    let page = this.versions.get(versionKey);
    if (!page) {
      page = compressPage(await render());
      if (this.versions.size >= this.max) this.versions.delete(this.versions.keys().next().value as string);
      this.versions.set(versionKey, page);
    }
    if (this.micro.size >= this.max) this.micro.clear();
    this.micro.set(urlKey, { page, until: now + this.microMs });
    return page;
  }
}
