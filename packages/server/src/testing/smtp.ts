import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a random port that keeps every mail it receives (no TLS, no auth). */
export async function startSmtp() {
  const mails: Array<{ to: string[]; raw: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    mails,
    /** what FAULTLINE_SMTP_URL would be */
    url: `smtp://127.0.0.1:${port}/?tls=off`,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
