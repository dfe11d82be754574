import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/** Where mail goes: an SMTP relay, or nowhere but the local outbox (the message row is kept). */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP connections kept open to the relay. */
export const SMTP_CONNECTIONS = 5;

export function createMailTransport(smtpUrl: string | undefined): MailTransport {
  if (!smtpUrl) return { kind: 'outbox', send: async () => {}, close: () => {} };
  // Pooled: the job thread sends a batch of confirmation emails side by side, and a relay
  // would see one new connection per email (relays cap and throttle those); the pool keeps a
  // few connections open and queues the rest. Parameters in the URL (?pool=…&maxConnections=…)
  // win over these defaults.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}
