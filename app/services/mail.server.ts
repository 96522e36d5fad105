import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

export type MailAttachment = { filename: string; content: Buffer; contentType: string };
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID (`<id@host>`): the same message retried keeps it, so the receiver can tell. */
  messageId?: string;
  attachments?: MailAttachment[];
};
export type Mailer = { send(mail: OutgoingMail): Promise<void> };

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under data/mail,
 * so that a machine without a mail server still keeps every message readable.
 */
export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, ...mail });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      await mkdir(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${info.messageId.replace(/[^\w.-]/g, "")}.eml`;
      await writeFile(path.join(options.outboxDir, name), info.message as Buffer);
    },
  };
}
