import { createHash, randomBytes } from 'node:crypto';

/**
 * Time-ordered, URL-safe ids: 6 bytes of millisecond time + 10 random bytes, base64url.
 * Sorting by id sorts by creation time, which keeps pagination stable.
 */
export function newId(now = Date.now()): string {
  const buf = Buffer.alloc(16);
  buf.writeUIntBE(now, 0, 6);
  randomBytes(10).copy(buf, 6);
  return buf.toString('base64url');
}

/** An unguessable secret token (256 bits), URL-safe. Store only its hash. */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, hex. Tokens are high-entropy, so a fast hash is right here. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
