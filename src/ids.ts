import { createHash, randomFillSync } from 'node:crypto';

// Random bytes are drawn from the CSPRNG a few kilobytes at a time: one call per id
// would cost more than the rest of an insert. Each byte is handed out once.
const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** Copies `n` fresh random bytes into `target` at `at`. */
function fillRandom(target: Buffer, at: number, n: number): void {
  if (n > POOL_BYTES) {
    randomFillSync(target, at, n);
    return;
  }
  if (poolOffset + n > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, at, poolOffset, poolOffset + n);
  // Handed-out bytes are wiped, so a copy of the pool never reveals a token already issued.
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
}

/**
 * Time-ordered, URL-safe ids: 6 bytes of millisecond time + 10 random bytes, base64url.
 * Sorting by id sorts by creation time, which keeps pagination stable.
 */
export function newId(now = Date.now()): string {
  const buf = Buffer.allocUnsafe(16);
  buf.writeUIntBE(now, 0, 6);
  fillRandom(buf, 6, 10);
  return buf.toString('base64url');
}

/** An unguessable secret token (256 bits), URL-safe. Store only its hash. */
export function newSecretToken(bytes = 32): string {
  const buf = Buffer.allocUnsafe(bytes);
  fillRandom(buf, 0, bytes);
  return buf.toString('base64url');
}

/** SHA-256 of a token, hex. Tokens are high-entropy, so a fast hash is right here. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
