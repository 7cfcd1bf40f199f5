/**
 * `npm run screenshots`: the console's main states at a laptop's 1366×768 and a phone's 390×844,
 * in the light and the dark theme, as PNGs in ./data/screenshots/ (or --out DIR). It runs a
 * Kontakt of its own on a throw-away SQLite database with the demo data and drives Debian's
 * Chromium (CHROMIUM_PATH to use another); calls are sent to the console as the server sends them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { readConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { composeKontakt } from '../server/compose';
import { seed } from './seed';
import { Appeal, User } from '../models';
import { sendTo, popFor, presence, phoneWithHistory } from './console-scenes';

const PASSWORD = 'screenshots-only-1';
const SIZES = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function main(): Promise<void> {
  const outArg = process.argv.indexOf('--out');
  const out = path.resolve(outArg > 0 ? process.argv[outArg + 1]! : path.join('data', 'screenshots'));
  fs.mkdirSync(out, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-screens-'));
  const config = readConfig({
    ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'kontakt.sqlite')}`, LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: PASSWORD, JOBS_ENABLED: 'false',
  });
  const logger = createLogger('silent');
  await seed({ config, logger, password: PASSWORD, appeals: 160, print: () => {}, randomSeed: 7 });
  const kontakt = await composeKontakt(config, logger, { print: () => {} });
  const port = await kontakt.listen();
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const written: string[] = [];
  try {
    const dispatcher = (await User.findOne({ where: { role: 'dispatcher' }, order: [['id', 'ASC']] }))!;
    const phone = await phoneWithHistory();
    // An appeal that went through hands: reassigned, done with a result, for the history in words.
    const shown = (await Appeal.findOne({ where: { status: 'done' }, order: [['id', 'DESC']] }))
      ?? (await Appeal.findOne({ order: [['id', 'DESC']] }))!;

    for (const size of SIZES) {
      for (const theme of THEMES) {
        const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'uk-UA', timezoneId: 'Europe/Kyiv', deviceScaleFactor: 1 });
        await context.addInitScript((t) => localStorage.setItem('kontakt.theme', t), theme);
        const page = await context.newPage();
        const shot = async (scene: string) => {
          const file = path.join(out, `${size.name}-${theme}-${scene}.png`);
          await page.screenshot({ path: file });
          written.push(file);
        };
        await page.goto(`${base}/`);
        await page.getByLabel('Логін').waitFor();
        await shot('login');
        await page.getByLabel('Логін').fill(dispatcher.login);
        await page.getByLabel('Пароль').fill(PASSWORD);
        await page.getByRole('button', { name: 'Увійти' }).click();
        await page.locator('header.top .user-name').waitFor();
        await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
        sendTo(kontakt, dispatcher.id, 'presence:changed', presence(dispatcher.id, dispatcher.fullName, 'ringing'));
        const uniqueid = `${size.name}${theme}.1`;
        sendTo(kontakt, dispatcher.id, 'call:ringing', await popFor(phone, { uniqueid, reason: 'emergency' }));
        await page.locator(`.pop-card[data-uniqueid="${uniqueid}"]`).waitFor();
        await page.locator('table.appeals tbody tr[data-id]').first().waitFor();
        await shot('list-with-call');
        if (size.name === 'phone') {
          await page.locator('.list-page .page-head').evaluate((el) => el.scrollIntoView());
          await shot('list-cards');
          await page.evaluate(() => window.scrollTo(0, 0));
        }
        sendTo(kontakt, dispatcher.id, 'call:answered', { uniqueid, agentInterface: 'PJSIP/101', at: new Date().toISOString() });
        sendTo(kontakt, dispatcher.id, 'presence:changed', presence(dispatcher.id, dispatcher.fullName, 'on_call'));
        await page.locator(`.pop-card[data-uniqueid="${uniqueid}"][data-phase="answered"] .pop-register`).click();
        await page.getByRole('heading', { name: 'Нове звернення' }).waitFor();
        await shot('register-from-call');
        await page.goto(`${base}/#/appeals/${shown.id}`);
        await page.locator('.history-line').first().waitFor();
        await page.locator('.history-card').scrollIntoViewIfNeeded();
        await shot('appeal-history');
        await page.keyboard.press('Escape');
        await page.locator('h2').first().click();
        await page.keyboard.press('?');
        await page.locator('.modal[data-modal="shortcuts"]').waitFor();
        await shot('shortcuts');
        await page.keyboard.press('Escape');
        await page.locator('header.top button.sign-out').click();
        await page.locator('.modal[data-modal="sign-out"]').waitFor();
        await shot('sign-out-in-call');
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await kontakt.close(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${written.length} screenshots in ${out}\n${written.map((f) => `  ${path.basename(f)}\n`).join('')}`);
}

main().catch((err) => {
  process.stderr.write(`screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
