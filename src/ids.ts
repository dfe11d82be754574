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
 * Crockford's base32 alphabet, lowercase: its characters are in byte order (digits, then
 * letters), and have no case or punctuation, so text order is creation order under any
 * collation, C or linguistic (`en_US.UTF-8` ignores `-` and `_` and folds case).
 */
const ID_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Time-ordered, URL-safe ids (26 characters): 48 bits of millisecond time in 10 characters,
 * then 80 random bits in 16, base32 in byte order. Sorting ids as text sorts them by creation
 * time (ties within a millisecond in random order), which keeps pagination stable. Ids made
 * before this alphabet (22 characters of base64url) stay valid but do not sort with these.
 */
export function newId(now = Date.now()): string {
  let time = '';
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) time = ID_ALPHABET[t % 32]! + time;
  const random = Buffer.allocUnsafe(10);
  fillRandom(random, 0, 10);
  let out = time;
  // Two runs of 5 bytes = 40 bits = 8 characters each.
  for (let at = 0; at < 10; at += 5) {
    let bits = random.readUIntBE(at, 5);
    let chunk = '';
    for (let i = 0; i < 8; i++, bits = Math.floor(bits / 32)) chunk = ID_ALPHABET[bits % 32]! + chunk;
    out += chunk;
  }
  return out;
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
