import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, startTestServerWithStandin } from '../support/test-server';
import { User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, Browser } from './browser';

/**
 * Issue 12 in a real browser: a dispatcher's presence as the console shows it, checked after every
 * step against the stand-in's own member list (what `queue show` prints), through a conversation
 * left midway, a member removed by the PBX during a call, and signing out of the console.
 */
const [sqlite] = testDatabases();
const IFACE = 'PJSIP/101';

describe('presence in the console follows the PBX', () => {
  let standin: Standin;
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  const member = () => standin.model.queues.get('dispatchers')!.member(IFACE);
  const shown = (state: string, pending = '') => page.locator(`.presence-state[data-state="${state}"][data-pending="${pending}"]`).waitFor({ timeout: 15000 });
  const talking = async (from: string) => {
    const call = standin.placeCall({ from, script: [{ afterAnswerMs: 300, dtmf: '0' }] });
    await standin.waitFor(() => member()?.inCall, 15000, 'the dispatcher talking');
    return call;
  };

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 60, retry: 1, members: [] }],
      phones: { [IFACE]: { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 } },
    });
    server = await startTestServerWithStandin(sqlite, standin);
    await User.create({ login: 'olena', passwordHash: await hashPassword('olena-password'), fullName: 'Олена Коваль', role: 'dispatcher', organizationId: null, queueInterface: IFACE });
    browser = await launchBrowser();
    page = await browser.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, server.baseUrl, 'olena', 'olena-password');
    await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await standin?.stop();
  });

  test('ready, talking, «Вийти з черги» during the call: «виходжу після розмови», then «поза чергою» when it ends, and «Готовий» again', async () => {
    await shown('signed_out');
    expect(member()).toBeFalsy();
    await page.getByRole('button', { name: 'Готовий' }).click();
    await shown('ready');
    expect(member()).toMatchObject({ paused: false });

    const call = await talking('0501230001');
    await shown('on_call');
    await page.getByRole('button', { name: 'Вийти з черги' }).click();
    await shown('on_call', 'leave_after_call');
    await page.getByText('виходжу після розмови').first().waitFor();
    expect(member()).toMatchObject({ paused: true, pausedReason: 'leave-after-call', inCall: true });

    call.hangup();
    await shown('signed_out');
    await standin.waitFor(() => !member(), 10000, 'out of the queue');
    await screenshot(page, 'presence-after-leave-1366');

    await page.getByRole('button', { name: 'Готовий' }).click();
    await shown('ready');
    expect(member()).toMatchObject({ paused: false, inCall: false });
  });

  test('taken out by the PBX while talking: «поза чергою», still after the call; «Готовий» works', async () => {
    const call = await talking('0501230002');
    await shown('on_call');
    standin.model.removeMember('dispatchers', IFACE);
    await shown('signed_out');
    call.hangup();
    await call.ended;
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator('.presence-state').getAttribute('data-state')).toBe('signed_out');
    expect(member()).toBeFalsy();
    await page.getByRole('button', { name: 'Готовий' }).click();
    await shown('ready');
    expect(member()).toBeTruthy();
  });

  test('a refusal is shown with the PBX\'s reason', async () => {
    await page.getByRole('button', { name: 'Вийти з черги' }).click();
    await shown('signed_out');
    const queue = standin.model.queues.get('dispatchers')!;
    standin.model.queues.delete('dispatchers');
    try {
      await page.getByRole('button', { name: 'Готовий' }).click();
      await page.locator('.presence-error[data-refusal="ready"]').waitFor({ timeout: 10000 });
      expect(await page.locator('.presence-error').textContent()).toMatch(/АТС/);
    } finally {
      standin.model.queues.set('dispatchers', queue);
    }
    await page.getByRole('button', { name: 'Готовий' }).click();
    await shown('ready');
    expect(await page.locator('.presence-error[data-refusal]').count()).toBe(0);
  });

  test('signing out of the console asks first, then takes the dispatcher out of the queue', async () => {
    expect(member()).toBeTruthy();
    await page.getByRole('button', { name: 'Вийти', exact: true }).click();
    await page.getByText('Вийти з консолі?').waitFor();
    expect(member()).toBeTruthy(); // nothing happens before the dispatcher confirms
    await page.getByRole('button', { name: 'Вийти й залишити чергу' }).click();
    await page.getByLabel('Логін').waitFor();
    await standin.waitFor(() => !member(), 10000, 'out of the queue after signing out');

    // The next person at the desk signs in and sees the PBX's state, not a stale one.
    await signIn(page, server.baseUrl, 'olena', 'olena-password');
    await shown('signed_out');
    expect(member()).toBeFalsy();
    expect(browser.dialogs).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
