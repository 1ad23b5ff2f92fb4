import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createTransport } from "nodemailer";

/** Where and how daily alert digests go, read from the environment of the process that sends them. */
export type DigestConfig = {
  /** Digest files are written under `<dir>/<YYYY-MM-DD>/`. */
  dir: string;
  /** `smtp://user:pass@host:587` or `smtps://…:465`; without it the e-mail channel is off. */
  smtpUrl: string | null;
  from: string;
  /** Hour of the day (UTC) the daily digest job runs. */
  hour: number;
  /** Prefixed to the alerts' links (`/projects/X`) so a mail reader can follow them. */
  publicUrl: string | null;
};

export function digestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  const hour = Number(env.CONCORD_DIGEST_HOUR ?? 6);
  return {
    // Beside the embedded database by default, so a fresh checkout writes nothing outside its ignored data folder.
    dir: resolve(env.CONCORD_DIGEST_DIR || join(env.CONCORD_DATA_DIR ?? ".concord", "digests")),
    smtpUrl: env.CONCORD_SMTP_URL || null,
    from: env.CONCORD_MAIL_FROM || "Concord <concord@localhost>",
    hour: Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : 6,
    publicUrl: env.CONCORD_PUBLIC_URL ? env.CONCORD_PUBLIC_URL.replace(/\/+$/, "") : null,
  };
}

export type Digest = { to: string; subject: string; text: string };

/**
 * A file name from the user's e-mail address when it is made only of plain characters, else
 * from the user's id: nothing a user typed may steer the path outside the day's folder.
 */
export function digestFileName(email: string, userId: string): string {
  const safe = /^[a-z0-9][a-z0-9._+@-]{0,120}$/.test(email) && !email.includes("..");
  return `${safe ? email : userId}.txt`;
}

/** Writes the digest next to the day's others; a rename, so a reader never sees half a file. */
export async function writeDigestFile(config: DigestConfig, date: string, fileName: string, digest: Digest): Promise<string> {
  const dayDir = join(config.dir, date);
  await mkdir(dayDir, { recursive: true });
  const path = join(dayDir, fileName);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `Subject: ${digest.subject}\n\n${digest.text}`, "utf8");
  await rename(tmp, path);
  return path;
}

export type Mailer = { send: (digest: Digest) => Promise<void>; close: () => void };

/** One SMTP connection pool for a digest run; null when no SMTP server is configured. */
export function smtpMailer(config: DigestConfig): Mailer | null {
  if (!config.smtpUrl) return null;
  // Short timeouts: the daily job holds a database transaction while it sends.
  const transport = createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }, { from: config.from });
  return {
    send: async (d) => {
      await transport.sendMail({ to: d.to, subject: d.subject, text: d.text });
    },
    close: () => transport.close(),
  };
}
