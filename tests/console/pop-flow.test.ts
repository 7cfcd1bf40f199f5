import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { signInStaff, http, TestServer, Staff, startTestServerWithStandin } from '../support/test-server';
import { Appeal, Call, Outage } from '../../models';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, Browser } from './browser';

/**
 * The whole way of a call to an appeal, in a real browser against a Kontakt wired to the Asterisk
 * stand-in: the dispatcher goes ready, a resident presses 1, the stand-in rings the dispatcher's
 * interface, the pop shows the caller's history, the dispatcher registers an appeal from it, and
 * the appeal is in the list, linked to the call.
 */
const [sqlite] = testDatabases();
const CALLER = '0501234567';
const IFACE = 'PJSIP/101';

describe('from a ringing call to an appeal, in the console', () => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;
  let browser: Browser;
  /** One dispatcher's tab through all the tests: they continue one shift. */
  let page: Page;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      // Nobody is in the queue until the dispatcher says ready; the phone rings long (20 s real).
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 600, retry: 1, members: [] }],
      phones: { [IFACE]: { kind: 'answer', afterMs: 400_000, talkMs: 5000 } },
    });
    server = await startTestServerWithStandin(sqlite, standin);
    staff = await signInStaff(server);
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await standin?.stop();
  });

  test('dispatcher goes ready, the call pops with the caller\'s history, an appeal is registered from it', async () => {
    // The caller's history: an earlier appeal, and a cut-off on their street.
    const earlier = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: CALLER, applicantName: 'Микола Петренко', applicantAddress: 'вул. Шевченка, 5, кв. 2',
      categoryCode: 'cold-water-none', address: 'вул. Шевченка, 5', description: 'Немає холодної води',
    });
    expect(earlier.status).toBe(201);
    await Outage.create({
      utility: 'cold_water', kind: 'emergency', area: 'вулиця Шевченка, будинки 1–15', startsAt: new Date(Date.now() - 3600_000),
      endsAt: new Date(Date.now() + 5 * 3600_000), reason: 'порив водогону', executorId: staff.waterOrgId,
    });

    page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });

    // Ready: the console asks the server, the server asks Asterisk (QueueAdd), the state comes back.
    await page.getByLabel('Телефон (інтерфейс черги)').fill(IFACE);
    await page.getByRole('button', { name: 'Готовий' }).click();
    await page.locator('.presence-state[data-state="ready"]').waitFor({ timeout: 10000 });
    await standin.waitFor(() => standin.model.queues.get('dispatchers')?.members.some((m) => m.iface === IFACE), 5000, 'the dispatcher in the queue');

    // A resident calls and presses 1 (an accident): the stand-in rings the dispatcher's phone.
    const call = standin.placeCall({ from: CALLER, name: 'Микола Петренко', script: [{ afterAnswerMs: 2000, dtmf: '1' }] });
    const card = page.locator(`.pop-card[data-uniqueid="${call.id}"]`);
    await card.waitFor({ timeout: 20000 });
    const text = (await card.textContent())!;
    expect(text).toContain('+380 50 123 45 67');
    expect(text).toContain('Микола Петренко');
    expect(text).toContain(earlier.body.number);
    expect(text).toContain('натиснув 1 — аварія');
    expect(text).toContain('Шевченка, будинки 1–15');
    expect(text).toMatch(/дзвонив за останні 24 год: \d+/);
    expect(await card.locator('.badge.danger', { hasText: 'натиснув «аварія»' }).count()).toBe(1);
    await screenshot(page, 'console-pop');

    // From the pop to the form: number and call are prefilled.
    await card.getByRole('link', { name: 'Зареєструвати звернення' }).click();
    await page.getByRole('heading', { name: 'Нове звернення' }).waitFor();
    expect(await page.getByLabel('Телефон заявника').inputValue()).toBe('+380501234567');
    // The dispatcher decides: the caller's choice is shown, the box is not ticked for them.
    expect(await page.getByLabel('Аварійна ситуація — передати виконавцю негайно').isChecked()).toBe(false);
    expect(await page.locator('.caller-choice').textContent()).toContain('аварія або проблема');
    await page.getByLabel('Аварійна ситуація — передати виконавцю негайно').check();
    const water = await (await import('../../models')).Category.findOne({ where: { code: 'cold-water-none' } });
    await page.getByLabel('Категорія').selectOption(String(water!.id));
    await page.getByLabel('Адреса проблеми').fill('вул. Шевченка, 5, підвал');
    await page.getByLabel('Опис').fill('Прорвало трубу в підвалі, вода заливає підвал');
    await screenshot(page, 'console-pop-form');
    await page.getByRole('button', { name: 'Зареєструвати' }).click();
    const number = (await page.locator('.result-number').textContent({ timeout: 10000 }))!;
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    expect(await page.locator('.register-result .warn-text').count()).toBe(0); // linked, not registered without the call

    // The card now shows the appeal and leads to it, instead of inviting a second registration.
    await card.locator('.pop-registered', { hasText: number }).waitFor();
    expect(await card.locator('a.button.primary').textContent()).toBe(`Відкрити звернення ${number}`);

    // In the list, and linked to the call that popped.
    await page.getByRole('link', { name: 'До переліку' }).click();
    await page.locator('table.appeals tbody tr', { hasText: number }).waitFor();
    const appeal = await Appeal.findOne({ where: { number } });
    const row = await Call.findOne({ where: { uniqueid: call.id } });
    expect(appeal!.emergency).toBe(true);
    expect(row).not.toBeNull();
    expect(appeal!.sourceCallId).toBe(row!.id);

    // The caller hangs up: the card says so instead of vanishing mid-sentence.
    call.hangup();
    await page.locator(`.pop-card[data-uniqueid="${call.id}"].phase-stopped, .pop-card[data-uniqueid="${call.id}"].phase-ended`).waitFor({ timeout: 10000 });

    // The wallboard: today's numbers and the dispatchers by state.
    await page.getByRole('link', { name: 'Табло' }).click();
    await page.locator('.tile[data-tile="dispatchers"]').waitFor({ timeout: 10000 });
    expect(await page.locator('.tile[data-tile="waiting"] .tile-value').textContent()).toMatch(/^\d+$/);
    await page.locator('.tile[data-tile="abandoned"] .tile-value', { hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 5000 });
    await screenshot(page, 'console-wallboard');
    expect(browser.dialogs).toEqual([]);
  }, 120000);

  test('after the caller gave up while it rang, the console shows the dispatcher ready again', async () => {
    await page.locator('.presence-state[data-state="ready"]').waitFor({ timeout: 10000 });
  }, 30000);

  test('an answered call: the card says so, then that it ended', async () => {
    standin.model.phones.set(IFACE, { kind: 'answer', afterMs: 40_000, talkMs: 160_000 });
    const call = standin.placeCall({ from: '0671112233', script: [{ afterAnswerMs: 2000, dtmf: '0' }] });
    const card = page.locator(`.pop-card[data-uniqueid="${call.id}"]`);
    await card.waitFor({ timeout: 20000 });
    expect(await card.textContent()).toContain('новий абонент');
    expect(await card.textContent()).toContain('натиснув 0 — диспетчер');
    await page.locator(`.pop-card[data-uniqueid="${call.id}"].phase-answered`).waitFor({ timeout: 15000 });
    await page.locator('.presence-state[data-state="on_call"]').waitFor({ timeout: 10000 });
    // A reload in the middle of the conversation keeps the caller's card (issue 13, point 1).
    await page.reload();
    await page.locator(`.pop-card[data-uniqueid="${call.id}"]`).waitFor({ timeout: 10000 });
    expect(await page.locator(`.pop-card[data-uniqueid="${call.id}"]`).textContent()).toContain('натиснув 0 — диспетчер');
    await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
    await page.locator(`.pop-card[data-uniqueid="${call.id}"].phase-ended`).waitFor({ timeout: 20000 });
    expect(await card.locator('.pop-note').textContent()).toMatch(/Дзвінок завершено/);
    await page.locator('.presence-state[data-state="ready"]').waitFor({ timeout: 10000 });
  }, 60000);

  test('pause with a reason, then out of the queue', async () => {
    await page.getByLabel('Причина перерви').selectOption('paperwork');
    await page.getByRole('button', { name: 'Перерва' }).click();
    await page.locator('.presence-state[data-state="paused"]', { hasText: 'робота з документами' }).waitFor({ timeout: 10000 });
    await page.getByRole('button', { name: 'Вийти з черги' }).click();
    await page.locator('.presence-state[data-state="signed_out"]').waitFor({ timeout: 10000 });
    await standin.waitFor(() => !standin.model.queues.get('dispatchers')?.members.some((m) => m.iface === IFACE), 5000, 'the dispatcher out of the queue');
    expect(browser.dialogs).toEqual([]);
  }, 30000);

  test('the calls screen lists recent calls and the missed one', async () => {
    await page.getByRole('link', { name: 'Дзвінки' }).click();
    await page.locator('table.calls tbody tr').first().waitFor({ timeout: 10000 });
    expect(await page.locator('table.calls tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.getByLabel('лише пропущені').check();
    // The answered call leaves the list; the one the caller gave up on stays, marked missed.
    await page.locator('table.calls tbody tr', { hasText: '+380 67 111 22 33' }).waitFor({ state: 'detached', timeout: 10000 });
    await page.locator('table.calls tbody tr.missed', { hasText: '+380 50 123 45 67' }).waitFor({ timeout: 10000 });
  }, 30000);
});
