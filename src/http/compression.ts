import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Responses smaller than this go out as they are: compressing them saves less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Compresses dynamic responses (JSON, the admin console's HTML, CSV exports…) on the fly in
 * the encoding the client prefers. Pages that arrive already compressed (the page cache,
 * precompressed /assets) keep their Content-Encoding and pass through untouched; request
 * bodies are not decompressed (the API takes plain JSON and forms, within its body limits).
 * Registered before any route: the plugin attaches itself to routes as they are declared.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESS_MIN_BYTES,
    encodings: ['br', 'gzip'],
  });
}
