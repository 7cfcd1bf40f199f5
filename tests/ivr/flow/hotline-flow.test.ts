import sinon from 'sinon';
import { city } from '../../../scripts/seed-data/organizations';
import {
  EMERGENCY_PRIORITY, HOTLINE_TEXTS, NORMAL_PRIORITY, greetingText, hotlineFlow,
} from '../../../ivr/flow/hotline-flow';
import { runFlow } from '../../../ivr/flow/interpreter';
import { checkFlow } from '../../../ivr/flow/validate-flow';
import { ChannelCall, CallerMove, FakeCallChannel, press, silence } from './support/fake-call-channel';
import { FakeServices, fakeServices, recordingLogger } from './support/fake-services';

const OUTAGES = 'Увага! Аварійне відключення холодного водопостачання: вулиця Шевченка.';
const STATUS = 'Звернення номер дві тисячі двадцять шість, нуль нуль нуль, один два три перебуває на виконанні.';
const GREETING = greetingText(city.nameGenitive);
const flow = hotlineFlow({ cityName: city.name, cityNameGenitive: city.nameGenitive, menuTimeoutMs: 5000 });

async function call(
  moves: CallerMove[],
  options: { services?: FakeServices; callerId?: string | null } = {},
) {
  const channel = new FakeCallChannel(moves, { callerId: options.callerId });
  const services = options.services ?? fakeServices({ outages: OUTAGES });
  const logger = recordingLogger();
  const onPath = sinon.spy();
  const result = await runFlow(flow, channel, services, { callId: 'call-42', logger, onPath });
  return { channel, services, result, logger, onPath };
}

function transferOf(channel: FakeCallChannel): Extract<ChannelCall, { op: 'transfer' }> {
  const transfers = channel.calls.filter((c): c is Extract<ChannelCall, { op: 'transfer' }> => c.op === 'transfer');
  expect(transfers).toHaveLength(1);
  return transfers[0];
}

describe('hotline flow', () => {
  test('is a valid flow with no unreachable steps', () => {
    expect(checkFlow(flow)).toEqual({ problems: [], warnings: [] });
    expect(flow.start).toBe('greeting');
  });

  test('greets in the name of the city from the seed data', () => {
    expect(GREETING).toBe('Вас вітає контакт-центр міста Зорянська. Дякуємо, що зателефонували.');
    expect(hotlineFlow({ cityName: 'Зорянськ' }).steps.greeting).toMatchObject({ text: expect.stringContaining('міста Зорянськ.') });
    expect(() => hotlineFlow({ cityName: '  ' })).toThrow(/cityName/);
  });

  test('1: an accident goes to the dispatchers with emergency priority', async () => {
    const { channel, result, onPath } = await call([press('1')]);
    expect(channel.ops[0]).toBe('answer');
    expect(channel.prompts).toEqual([GREETING, OUTAGES, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toEmergencyDispatcher]);
    const gathers = channel.calls.filter((c) => c.op === 'gather');
    expect(gathers).toEqual([expect.objectContaining({ maxDigits: 1, timeoutMs: 5000, result: '1' })]);
    expect(transferOf(channel)).toMatchObject({
      context: 'dispatchers',
      extension: 's',
      priority: 1,
      variables: {
        KONTAKT_CALL_ID: 'call-42',
        KONTAKT_IVR_PATH: 'main:1',
        KONTAKT_PRIORITY: String(EMERGENCY_PRIORITY),
        KONTAKT_REASON: 'emergency',
      },
    });
    expect(result).toEqual({
      outcome: 'transferred',
      path: [{ step: 'main', key: '1' }, { step: 'emergency', outcome: 'transferred' }],
      transfer: { priority: 10, reason: 'emergency' },
    });
    expect(onPath.callCount).toBe(2);
    expect(onPath.lastCall.args[0]).toEqual({ step: 'emergency', outcome: 'transferred' });
    expect(channel.ops.at(-1)).toBe('transfer');
  });

  test('the queue location comes from the options', async () => {
    const custom = hotlineFlow({ cityName: 'Зорянськ', queueContext: 'kontakt-queue', queueExtension: '1580' });
    const channel = new FakeCallChannel([press('0')]);
    await runFlow(custom, channel, fakeServices(), { callId: 'c', logger: recordingLogger() });
    expect(transferOf(channel)).toMatchObject({ context: 'kontakt-queue', extension: '1580', priority: 1 });
  });

  test('2 with open appeals: the status is read for the caller\'s number, then 0 reaches a dispatcher', async () => {
    const services = fakeServices({ outages: OUTAGES, appealStatus: STATUS });
    const { channel, result } = await call([press('2'), press('0')], { services, callerId: '050 123 45 67' });
    expect(services.appealStatus.calledOnceWithExactly('+380501234567')).toBe(true);
    expect(channel.prompts.slice(2)).toEqual([
      HOTLINE_TEXTS.mainMenu, STATUS, HOTLINE_TEXTS.appealMenu, HOTLINE_TEXTS.toDispatcher,
    ]);
    expect(channel.calls.find((c) => c.op === 'play' && c.texts.includes(STATUS))).toMatchObject({ bargeIn: true });
    expect(transferOf(channel).variables).toMatchObject({
      KONTAKT_IVR_PATH: 'main:2,appeal-menu:0', KONTAKT_PRIORITY: String(NORMAL_PRIORITY), KONTAKT_REASON: 'appeal_status',
    });
    expect(result.transfer).toEqual({ priority: 0, reason: 'appeal_status' });
  });

  test('2 without appeals: says none were found, * goes back to the menu', async () => {
    const services = fakeServices({ outages: OUTAGES, appealStatus: null });
    const { channel, result } = await call([press('2'), press('*'), press('0')], { services });
    expect(channel.prompts.slice(2)).toEqual([
      HOTLINE_TEXTS.mainMenu,
      'За вашим номером відкритих звернень не знайдено.',
      HOTLINE_TEXTS.appealMenu,
      HOTLINE_TEXTS.mainMenu,
      HOTLINE_TEXTS.toDispatcher,
    ]);
    expect(result.path.map((e) => `${e.step}:${e.key ?? e.outcome}`)).toEqual([
      'main:2', 'appeal-menu:*', 'main:0', 'dispatcher:transferred',
    ]);
    expect(transferOf(channel).variables.KONTAKT_REASON).toBe('dispatcher');
  });

  test('2 from a hidden number: explains, does not look anything up', async () => {
    const services = fakeServices({ outages: OUTAGES, appealStatus: STATUS });
    const { channel, result } = await call([press('2'), press('0')], { services, callerId: 'anonymous' });
    expect(services.appealStatus.called).toBe(false);
    expect(channel.prompts).toContain(HOTLINE_TEXTS.callerUnknown);
    expect(channel.prompts).not.toContain(STATUS);
    expect(result.transfer?.reason).toBe('appeal_status');
  });

  test('3: the outages are said again, then the menu', async () => {
    const { channel, services, result } = await call([press('3'), press('0')]);
    expect(services.outageAnnouncement.callCount).toBe(2);
    expect(channel.prompts).toEqual([
      GREETING, OUTAGES, HOTLINE_TEXTS.mainMenu, OUTAGES, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toDispatcher,
    ]);
    expect(result.transfer).toEqual({ priority: 0, reason: 'dispatcher' });
  });

  test('no outages: the announcement is skipped, and 3 says there are none', async () => {
    const { channel } = await call([press('3'), press('0')], { services: fakeServices({ outages: '' }) });
    expect(channel.prompts).toEqual([
      GREETING, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.noOutages, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toDispatcher,
    ]);
  });

  test('0: a dispatcher with normal priority', async () => {
    const { channel, result } = await call([press('0')]);
    expect(transferOf(channel).variables).toEqual({
      KONTAKT_CALL_ID: 'call-42', KONTAKT_IVR_PATH: 'main:0', KONTAKT_PRIORITY: '0', KONTAKT_REASON: 'dispatcher',
    });
    expect(result.outcome).toBe('transferred');
  });

  test('an unknown key: "Невірний вибір." and the menu again', async () => {
    const { channel, result } = await call([press('7'), press('1')]);
    expect(channel.prompts.slice(2)).toEqual([
      HOTLINE_TEXTS.mainMenu, 'Невірний вибір.', HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toEmergencyDispatcher,
    ]);
    expect(transferOf(channel).variables.KONTAKT_IVR_PATH).toBe('main:7,main:1');
    expect(result.transfer?.reason).toBe('emergency');
  });

  test('no key: the menu again, without "invalid"', async () => {
    const { channel, result } = await call([silence(), press('0')]);
    expect(channel.prompts.slice(2)).toEqual([HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toDispatcher]);
    expect(result.path[0]).toEqual({ step: 'main', key: '' });
    expect(transferOf(channel).variables.KONTAKT_IVR_PATH).toBe('main:-,main:0');
  });

  test('three failures in the main menu: a dispatcher', async () => {
    const { channel, result } = await call([press('7'), silence(), press('#')]);
    expect(channel.prompts.filter((p) => p === HOTLINE_TEXTS.mainMenu)).toHaveLength(3);
    expect(channel.prompts.filter((p) => p === 'Невірний вибір.')).toHaveLength(2);
    expect(transferOf(channel).variables).toMatchObject({
      KONTAKT_IVR_PATH: 'main:7,main:-,main:#', KONTAKT_REASON: 'menu_failures', KONTAKT_PRIORITY: '0',
    });
    expect(result).toMatchObject({ outcome: 'transferred', transfer: { priority: 0, reason: 'menu_failures' } });
    expect(result.path.at(-1)).toEqual({ step: 'dispatcher-after-failures', outcome: 'transferred' });
  });

  test('three failures in the appeals menu: a dispatcher', async () => {
    const { channel, result } = await call([press('2'), silence(), silence(), silence()]);
    expect(channel.prompts.filter((p) => p === HOTLINE_TEXTS.appealMenu)).toHaveLength(3);
    expect(result.transfer?.reason).toBe('menu_failures');
  });

  test('outages service down: the menu is still offered', async () => {
    const services = fakeServices({ outages: new Error('connect ECONNREFUSED 127.0.0.1:3306') });
    const { channel, result, logger } = await call([press('0')], { services });
    expect(channel.prompts).toEqual([GREETING, HOTLINE_TEXTS.mainMenu, HOTLINE_TEXTS.toDispatcher]);
    expect(result.outcome).toBe('transferred');
    expect(logger.entries).toContainEqual(expect.objectContaining({
      level: 'warn', obj: expect.objectContaining({ source: 'outages', err: expect.stringContaining('ECONNREFUSED') }),
    }));
  });

  test('appeals service down: treated as no appeals', async () => {
    const services = fakeServices({ outages: OUTAGES, appealStatus: new Error('db away') });
    const { channel } = await call([press('2'), press('0')], { services });
    expect(channel.prompts).toContain(HOTLINE_TEXTS.noAppeals);
  });
});
