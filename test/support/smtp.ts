import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. `refuseNext(n)` makes the
 * next n messages fail with a 451 (temporary) reply, as a busy relay would;
 * `mostConnections` tells how many clients were connected at once. `holdAfter(match, n)` makes
 * the peer stop answering once it accepted n messages that `match`: later ones get no reply
 * and are dropped when their connection closes, as a relay commits a message only when it
 * answers 250 (a client killed meanwhile has not delivered them).
 */
export async function startSmtpPeer() {
  const received: ParsedMail[] = [];
  let refusals = 0;
  let open = 0;
  let mostOpen = 0;
  let hold: { match: (mail: ParsedMail) => boolean; after: number } | undefined;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      mostOpen = Math.max(mostOpen, ++open);
      callback();
    },
    onClose() {
      open--;
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (refusals > 0) {
          refusals--;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(err);
        }
        const mail = await simpleParser(Buffer.concat(chunks));
        if (hold?.match(mail) && received.filter(hold.match).length >= hold.after) {
          held++;
          return;
        }
        received.push(mail);
        callback();
      });
    },
  });
  // A client killed mid-transaction (the restart tests) resets its connection: for a relay that
  // is a message never delivered, not a failure of the peer (smtp-server emits it as 'error').
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(n: number) {
      refusals = n;
    },
    holdAfter(match: (mail: ParsedMail) => boolean, after: number) {
      hold = { match, after };
    },
    release() {
      hold = undefined;
    },
    /** Messages left without an answer while holding. */
    get held() {
      return held;
    },
    /** The most connections that were open at once. */
    get mostConnections() {
      return mostOpen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
