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

/** Picks brotli, then gzip, else plain, from the request's Accept-Encoding. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: CachedPage, cacheControl: string) {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  reply
    .status(200)
    .header('cache-control', cacheControl)
    .header('vary', 'accept-encoding')
    .type('text/html; charset=utf-8');
  if (/\bbr\b/.test(accepts)) return reply.header('content-encoding', 'br').send(page.br);
  if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.html);
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
