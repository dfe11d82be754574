import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
  /** Extra headers (List-Unsubscribe…); values are one line, made safe by the caller. */
  headers?: Record<string, string>;
  /** A stable Message-ID lets a receiver drop a copy resent after a crash (RFC 5322 §3.6.4). */
  messageId?: string;
}

/** An SMTP relay's answer to a failed send, as nodemailer reports it. */
export interface SmtpFailure {
  message: string;
  responseCode?: number;
  response?: string;
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
