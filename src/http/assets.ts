import fs from 'node:fs';
import path from 'node:path';
import staticFiles from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = path.resolve('web/dist');

interface ManifestEntry {
  file: string;
  css?: string[];
}

/**
 * Resolves built browser entries (see web/vite.config.ts) to their hashed URLs, e.g.
 * `assets.script('audience/landing.ts')` → `/assets/landing-3f2a.js`. Reads Vite's
 * manifest once; a missing build is reported when a page first needs it.
 */
export class Assets {
  private manifest: Record<string, ManifestEntry> | undefined;

  constructor(private readonly dist = WEB_DIST) {}

  private entry(source: string): ManifestEntry {
    if (!this.manifest) {
      const file = path.join(this.dist, '.vite', 'manifest.json');
      if (!fs.existsSync(file))
        throw new Error(`Browser code is not built (${file} missing): run "npm run build"`);
      this.manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, ManifestEntry>;
    }
    const entry = this.manifest[source];
    if (!entry) throw new Error(`No built asset for ${source}`);
    return entry;
  }

  /** True when `source` was part of the build (optional page parts check this). */
  has(source: string): boolean {
    try {
      this.entry(source);
      return true;
    } catch {
      return false;
    }
  }

  script(source: string): string {
    return `/${this.entry(source).file}`;
  }

  styles(source: string): string[] {
    return (this.entry(source).css ?? []).map((f) => `/${f}`);
  }
}

/**
 * Serves hashed build output under /assets (cached for a year and immutable: names change
 * with content), as the brotli or gzip sibling the build wrote (src/http/precompress.ts)
 * when the request accepts it, with `Vary: Accept-Encoding`; and the admin console's
 * index.html under /admin (compressed per request, see compression.ts).
 */
export async function serveAssets(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  await app.register(staticFiles, {
    root: path.join(dist, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    preCompressed: true,
    decorateReply: false,
  });
  const adminIndex = path.join(dist, 'admin', 'index.html');
  app.get('/admin', (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin/', async (_req, reply) => {
    if (!fs.existsSync(adminIndex)) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The admin console is not built: run "npm run build".');
    }
    return reply
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .type('text/html; charset=utf-8')
      .send(fs.readFileSync(adminIndex));
  });
}
