/**
 * `npm run demo`: Kontakt on its embedded defaults, wired to the Asterisk stand-in, with demo
 * users, a realistic classifier and appeals, and a stream of residents calling in. Sign in to
 * the console as a dispatcher, go ready, and calls ring on your screen.
 */
import fs from 'node:fs';
import { readConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { composeKontakt } from '../server/compose';
import { startStandin } from '../standin/scenario';
import { seed } from '../scripts/seed';
import { users as demoUsers } from '../scripts/seed-data/users';
import { Applicant, User } from '../models';
import { startCallStream } from './call-stream';
import { demoNotices } from './notices';

const DEMO_PASSWORD = process.env.SEED_PASSWORD ?? 'kontakt-demo-1580';
const ROLE_NAMES: Record<string, string> = { admin: 'адміністратор', head: 'начальник', dispatcher: 'диспетчер', executor: 'виконавець' };

async function main(): Promise<void> {
  const standin = await startStandin({
    timeScale: 1,
    queues: [{
      name: 'dispatchers', strategy: 'rrmemory', timeout: 15, retry: 2,
      // Two simulated colleagues always on duty, so callers are answered while you watch.
      members: [{ interface: 'PJSIP/105', name: 'Гончар Л. Г.' }, { interface: 'PJSIP/106', name: 'Колега' }],
    }],
    phones: Object.fromEntries(
      ['101', '102', '103', '104', '105', '106'].map((n) => [`PJSIP/${n}`, { kind: 'answer' as const, afterMs: 6000, talkMs: 45_000 }]),
    ),
  });

  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite:./data/demo.sqlite',
    ARI_URL: standin.ariUrl, ARI_PASSWORD: 'kontakt-secret', AMI_PORT: String(standin.amiPort), AMI_SECRET: 'kontakt-secret',
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? DEMO_PASSWORD,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const config = readConfig(env);
  const logger = createLogger(config.LOG_LEVEL);

  const print = (s: string) => process.stdout.write(s);
  // A first run fills the demo database with 60 days of appeals; later runs keep what is there.
  const fresh = !fs.existsSync(config.DATABASE_URL.replace(/^sqlite:/, ''));
  if (fresh) print('Готую демонстраційну базу: класифікатор, користувачі, звернення за 60 днів…\n');
  await seed({ config, logger, password: DEMO_PASSWORD, appeals: fresh ? 300 : 0, print: () => {} });
  const kontakt = await composeKontakt(config, logger, { print });
  await run(kontakt, standin, print);
}

async function run(kontakt: Awaited<ReturnType<typeof composeKontakt>>, standin: Awaited<ReturnType<typeof startStandin>>, print: (s: string) => void): Promise<void> {
  const port = await kontakt.listen();
  const known = (await Applicant.findAll({ attributes: ['phone'], limit: 200 })).map((a) => `0${a.phone.slice(4)}`);
  const strangers = Array.from({ length: 50 }, (_, i) => `06${String(71000000 + i * 7919).slice(0, 8)}`);
  const stream = startCallStream({ standin, numbers: [...known, ...strangers], meanIntervalSec: Number(process.env.DEMO_CALL_INTERVAL_SEC ?? 12) });

  const staff = await User.findAll({ where: { login: demoUsers.filter((u) => u.role !== 'executor').map((u) => u.login) } });
  const executor = demoUsers.find((u) => u.role === 'executor');
  const notices = await demoNotices(kontakt);
  print(
    `\n  Контакт-центр (демонстрація) працює: http://localhost:${port}/\n` +
      `  Імітація Asterisk: ARI ${standin.ariUrl}, AMI 127.0.0.1:${standin.amiPort}\n\n` +
      `  Вхід (пароль усіх: «${DEMO_PASSWORD}»):\n` +
      staff.map((u) => `    ${u.login.padEnd(14)} ${ROLE_NAMES[u.role]}${u.queueInterface ? `, телефон ${u.queueInterface}` : ''}\n`).join('') +
      (executor ? `    ${executor.login.padEnd(14)} ${ROLE_NAMES.executor}\n` : '') +
      '\n' +
      '  Увійдіть як диспетчер, натисніть «Готовий» — і дзвінки надходитимуть на ваш екран.\n' +
      notices +
      '  Зупинити: Ctrl+C.\n\n',
  );
  const status = setInterval(() => {
    print(`  дзвінків: ${stream.placed()}, в IVR зараз: ${kontakt.telephony.sessions?.size ?? 0}, записів в черзі на збереження: ${kontakt.telephony.recorder.pending()}\n`);
  }, 30_000);
  status.unref();

  const stop = async () => {
    stream.stop();
    clearInterval(status);
    await kontakt.close(2000);
    await standin.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`Демонстрація не запустилася: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
