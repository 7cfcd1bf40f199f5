import sinon from 'sinon';
import { createLogger } from '../../../core/logger';
import { FlowDefinition, FlowStep } from '../../../ivr/flow/flow-types';
import { HOTLINE_TEXTS, hotlineFlow } from '../../../ivr/flow/hotline-flow';
import { FlowLogger, RunFlowOptions, runFlow } from '../../../ivr/flow/interpreter';
import { validateFlow } from '../../../ivr/flow/validate-flow';
import { FakeCallChannel, hangUp, press, silence } from './support/fake-call-channel';
import { FakeServices, fakeServices, recordingLogger } from './support/fake-services';

const OUTAGES = 'Увага! Аварійне відключення холодного водопостачання: вулиця Шевченка.';
const hotline = hotlineFlow({ cityName: 'Зорянськ', cityNameGenitive: 'Зорянська', menuTimeoutMs: 4000 });

function run(
  flow: FlowDefinition,
  channel: FakeCallChannel,
  services: FakeServices = fakeServices({ outages: OUTAGES }),
  options: Partial<RunFlowOptions> = {},
) {
  const logger = recordingLogger();
  return runFlow(flow, channel, services, { callId: 'call-7', logger, ...options }).then((result) => ({ result, logger }));
}

const menuStep = (options: Record<string, string>, extra: Partial<FlowStep> = {}): FlowStep => ({
  type: 'gather', prompt: 'Оберіть пункт.', maxDigits: 1, timeoutMs: 1000, options,
  invalidText: 'Невірний вибір.', maxFailures: 3, onFailure: 'bye', ...extra,
} as FlowStep);

describe('barge-in', () => {
  test('a key during the menu prompt stops it and reaches the gather', async () => {
    const channel = new FakeCallChannel([press('1', { during: 'Щоб повідомити' })]);
    const { result } = await run(hotline, channel);
    const menuPlay = channel.calls.find((c) => c.op === 'play' && c.texts.includes(HOTLINE_TEXTS.mainMenu));
    // The greeting, the outages and the menu are one playback: one request to the PBX.
    expect(menuPlay).toMatchObject({ bargeIn: true, result: 'interrupted', texts: [expect.stringContaining('Вас вітає'), OUTAGES, HOTLINE_TEXTS.mainMenu] });
    expect(channel.ops.filter((op) => op === 'play')).toHaveLength(2);
    expect(channel.calls.filter((c) => c.op === 'gather')).toEqual([expect.objectContaining({ result: '1' })]);
    expect(channel.prompts.filter((p) => p === HOTLINE_TEXTS.mainMenu)).toHaveLength(1);
    expect(result.transfer?.reason).toBe('emergency');
    expect(channel.unusedMoves).toEqual([]);
  });

  test('a key during the outage announcement skips the menu prompt and is taken by the menu', async () => {
    const channel = new FakeCallChannel([press('1', { during: 'Увага!' })]);
    const { result } = await run(hotline, channel);
    expect(channel.calls.find((c) => c.op === 'play' && c.texts.at(-1) === OUTAGES)).toMatchObject({ bargeIn: true, result: 'interrupted' });
    expect(channel.prompts).not.toContain(HOTLINE_TEXTS.mainMenu);
    expect(result.path[0]).toEqual({ step: 'main', key: '1' });
    expect(result.transfer?.reason).toBe('emergency');
  });

  test('a key during the greeting: the outages and the menu are not said, the menu takes the key', async () => {
    const channel = new FakeCallChannel([press('0', { during: 'Вас вітає' })]);
    const services = fakeServices({ outages: OUTAGES });
    const { result } = await run(hotline, channel, services);
    expect(channel.prompts).toEqual(['Вас вітає контакт-центр міста Зорянська. Дякуємо, що зателефонували.', HOTLINE_TEXTS.toDispatcher]);
    expect(result.transfer?.reason).toBe('dispatcher');
  });

  test('a key during a prompt that may not be interrupted is dropped', async () => {
    const flow = validateFlow({
      name: 't', start: 'wait',
      steps: {
        wait: { type: 'play', text: 'Зачекайте.', next: 'menu' },
        menu: menuStep({ '1': 'bye' }),
        bye: { type: 'hangup', text: 'До побачення.' },
      },
    });
    const channel = new FakeCallChannel([press('5', { during: 'Зачекайте' }), press('1')]);
    const { result } = await run(flow, channel);
    expect(channel.calls[1]).toMatchObject({ op: 'play', text: 'Зачекайте.', bargeIn: false, result: 'finished' });
    expect(channel.calls[2]).toEqual({ op: 'clearKeys', afterGone: false });
    expect(channel.prompts).toContain('Оберіть пункт.');
    expect(result.path).toEqual([{ step: 'menu', key: '1' }, { step: 'bye', outcome: 'completed' }]);
  });

  test('extra keys pressed with a choice do not leak into the next menu', async () => {
    // "20": 2 is taken; the 0 must not interrupt the status or answer the appeals menu.
    const services = fakeServices({ outages: OUTAGES, appealStatus: 'Звернення номер один перебуває на виконанні.' });
    const channel = new FakeCallChannel([press('20'), press('*'), press('1')]);
    const { result } = await run(hotline, channel, services);
    expect(channel.calls.find((c) => c.op === 'play' && c.text.startsWith('Звернення'))).toMatchObject({ result: 'finished' });
    expect(result.path.filter((e) => e.key !== undefined).map((e) => `${e.step}:${e.key}`)).toEqual([
      'main:2', 'appeal-menu:*', 'main:1',
    ]);
  });
});

describe('the caller hangs up', () => {
  test('during a prompt: caller_left, nothing more is done on the channel', async () => {
    const channel = new FakeCallChannel([hangUp({ during: 'Щоб повідомити' })]);
    const { result } = await run(hotline, channel);
    expect(result).toEqual({ outcome: 'caller_left', path: [{ step: 'main', outcome: 'caller_left' }] });
    expect(channel.callsAfterGone).toEqual([]);
    expect(channel.ops.at(-1)).toBe('play');
  });

  test('during the greeting: nothing more is said or asked', async () => {
    const channel = new FakeCallChannel([hangUp({ during: 'Вас вітає' })]);
    const services = fakeServices({ outages: OUTAGES });
    const { result } = await run(hotline, channel, services);
    expect(result.outcome).toBe('caller_left');
    // The greeting went out with the menu in one playback: the path names the menu it led to.
    expect(result.path).toEqual([{ step: 'main', outcome: 'caller_left' }]);
    expect(channel.prompts).toEqual([expect.stringContaining('Вас вітає')]);
    expect(channel.callsAfterGone).toEqual([]);
  });

  test('while waiting for a key: caller_left, no clearKeys or transfer after', async () => {
    const channel = new FakeCallChannel([silence(), hangUp()]);
    const onPath = sinon.spy();
    const { result } = await run(hotline, channel, undefined, { onPath });
    expect(result.outcome).toBe('caller_left');
    expect(result.path).toEqual([{ step: 'main', key: '' }, { step: 'main', outcome: 'caller_left' }]);
    expect(channel.ops.at(-1)).toBe('gather');
    expect(channel.callsAfterGone).toEqual([]);
    expect(onPath.lastCall.args[0]).toEqual({ step: 'main', outcome: 'caller_left' });
  });

  test('while the services are read: no prompt is played after', async () => {
    const channel = new FakeCallChannel([]);
    const services = fakeServices();
    services.outageAnnouncement.callsFake(async () => {
      channel.hangUpNow();
      return OUTAGES;
    });
    const { result } = await run(hotline, channel, services);
    expect(result.outcome).toBe('caller_left');
    expect(channel.callsAfterGone).toEqual([]);
    expect(channel.prompts).not.toContain(OUTAGES);
  });

  test('a channel error with the channel gone (ChannelGone-like) ends the session cleanly', async () => {
    const channel = new FakeCallChannel([], { faults: [{ op: 'play', nth: 1, goneToo: true, error: new Error('Channel not found') }] });
    const { result } = await run(hotline, channel);
    expect(result.outcome).toBe('caller_left');
    expect(result.path).toEqual([{ step: 'main', outcome: 'caller_left' }]);
    expect(channel.callsAfterGone).toEqual([]);
  });
});

describe('failures', () => {
  test('a transfer that fails while the caller is still there: failed, no exception escapes', async () => {
    const channel = new FakeCallChannel([press('0')], { faults: [{ op: 'transfer', error: new Error('ARI 500') }] });
    const { result, logger } = await run(hotline, channel);
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/transfer failed: ARI 500/);
    expect(result.transfer).toBeUndefined();
    expect(result.path.at(-1)).toEqual({ step: 'dispatcher', outcome: 'failed' });
    expect(logger.entries.some((e) => e.level === 'error')).toBe(true);
    expect(channel.ops.at(-1)).toBe('transfer');
  });

  test('answer failing: failed, nothing else tried', async () => {
    const channel = new FakeCallChannel([], { faults: [{ op: 'answer' }] });
    const { result } = await run(hotline, channel);
    expect(result.outcome).toBe('failed');
    expect(channel.ops).toEqual(['answer']);
  });

  test('a service that does not answer in time counts as nothing to announce', async () => {
    const services = fakeServices();
    services.outageAnnouncement.returns(new Promise<string>(() => undefined));
    const channel = new FakeCallChannel([press('0')]);
    const started = Date.now();
    const { result, logger } = await run(hotline, channel, services, { serviceTimeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(channel.prompts[1]).toBe(HOTLINE_TEXTS.mainMenu);
    expect(result.outcome).toBe('transferred');
    expect(logger.entries).toContainEqual(expect.objectContaining({
      level: 'warn', obj: expect.objectContaining({ err: 'no answer in 50 ms' }),
    }));
  });

  test('a service that throws synchronously is treated like a rejection', async () => {
    const services = fakeServices();
    services.outageAnnouncement.throws(new Error('boom'));
    const channel = new FakeCallChannel([press('0')]);
    const { result } = await run(hotline, channel, services);
    expect(result.outcome).toBe('transferred');
    expect(channel.prompts[1]).toBe(HOTLINE_TEXTS.mainMenu);
  });

  test('mediaFor failing skips that prompt only', async () => {
    const services = fakeServices({ outages: OUTAGES });
    services.mediaFor.withArgs(OUTAGES).rejects(new Error('tts crashed'));
    const channel = new FakeCallChannel([press('0')]);
    const { result } = await run(hotline, channel, services);
    expect(channel.prompts).not.toContain(OUTAGES);
    expect(channel.prompts).toContain(HOTLINE_TEXTS.mainMenu);
    expect(result.outcome).toBe('transferred');
  });

  test('a throwing onPath listener does not break the call', async () => {
    const channel = new FakeCallChannel([press('0')]);
    const { result } = await run(hotline, channel, undefined, { onPath: () => { throw new Error('listener'); } });
    expect(result.outcome).toBe('transferred');
  });
});

describe('loop guard', () => {
  test('a flow that keeps going round ends as failed after maxSteps', async () => {
    const flow = validateFlow({
      name: 'loop', start: 'a',
      steps: {
        a: { type: 'play', text: 'Зачекайте.', next: 'check' },
        check: { type: 'branch', condition: 'callerKnown', then: 'a', else: 'bye' },
        bye: { type: 'hangup' },
      },
    });
    const channel = new FakeCallChannel([]);
    const { result, logger } = await run(flow, channel, undefined, { maxSteps: 10 });
    expect(result.outcome).toBe('failed');
    expect(result.error).toMatch(/loop guard/);
    expect(channel.prompts).toHaveLength(5);
    expect(channel.ops).not.toContain('hangup');
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'error' }));
  });

  test('a menu whose failure leads back to itself is stopped too', async () => {
    const flow = validateFlow({
      name: 'menu-loop', start: 'menu',
      steps: { menu: menuStep({ '1': 'bye' }, { onFailure: 'menu', maxFailures: 1 }), bye: { type: 'hangup' } },
    });
    const channel = new FakeCallChannel([]);
    const { result } = await run(flow, channel, undefined, { maxSteps: 4 });
    expect(result.outcome).toBe('failed');
    expect(channel.calls.filter((c) => c.op === 'gather')).toHaveLength(4);
  });
});

describe('other steps', () => {
  test('hangup with a goodbye: completed, the goodbye cannot be interrupted', async () => {
    const flow = validateFlow({
      name: 't', start: 'menu',
      steps: { menu: menuStep({ '9': 'bye' }), bye: { type: 'hangup', text: 'Дякуємо за дзвінок. До побачення.' } },
    });
    const channel = new FakeCallChannel([press('9')]);
    const { result } = await run(flow, channel);
    expect(result).toEqual({ outcome: 'completed', path: [{ step: 'menu', key: '9' }, { step: 'bye', outcome: 'completed' }] });
    expect(channel.calls.slice(-3)).toEqual([
      expect.objectContaining({ op: 'play', text: 'Дякуємо за дзвінок. До побачення.', bargeIn: false }),
      { op: 'clearKeys', afterGone: false },
      { op: 'hangup', afterGone: false },
    ]);
  });

  test('a branch on a condition passed to runFlow', async () => {
    const flow = validateFlow({
      name: 't', start: 'night',
      steps: {
        night: { type: 'branch', condition: 'nightTime', then: 'night-text', else: 'bye' },
        'night-text': { type: 'play', text: 'Нічна зміна.', next: 'bye' },
        bye: { type: 'hangup' },
      },
    }, { conditions: ['nightTime'] });
    const nightTime = sinon.stub().resolves(true);
    const channel = new FakeCallChannel([], { callerId: '0501234567' });
    await run(flow, channel, undefined, { conditions: { nightTime } });
    expect(channel.prompts).toEqual(['Нічна зміна.']);
    expect(nightTime.firstCall.args[0]).toMatchObject({ callId: 'call-7', callerE164: '+380501234567' });
  });

  test('noInputText is said when no key came', async () => {
    const flow = validateFlow({
      name: 't', start: 'menu',
      steps: { menu: menuStep({ '1': 'bye' }, { noInputText: 'Ви нічого не обрали.' }), bye: { type: 'hangup' } },
    });
    const channel = new FakeCallChannel([silence(), press('1')]);
    await run(flow, channel);
    expect(channel.prompts).toEqual(['Оберіть пункт.', 'Ви нічого не обрали.', 'Оберіть пункт.']);
  });

  test('a pino logger is a FlowLogger', () => {
    const logger: FlowLogger = createLogger('silent');
    expect(typeof logger.info).toBe('function');
  });
});

describe('the transfer is on the path before the PBX is asked (issue 12: the pop\'s reason)', () => {
  test('the queue may ring before `continue` answers: the path already says why the call came', async () => {
    const channel = new FakeCallChannel([press('1')]);
    const pathAtTransfer: unknown[] = [];
    const original = channel.transfer.bind(channel);
    // What the screen-pop reads when AgentCalled overtakes the answer to `continue`.
    let seen: ReadonlyArray<{ step: string; outcome?: string }> = [];
    channel.transfer = async (target) => {
      pathAtTransfer.push(...seen);
      return original(target);
    };
    const { result } = await run(hotline, channel, undefined, { onPath: (_entry, path) => (seen = path) });
    expect(pathAtTransfer.at(-1)).toEqual({ step: 'emergency', outcome: 'transferred' });
    // Written once, not again when the flow ends.
    expect(result.path.filter((p) => p.outcome === 'transferred')).toHaveLength(1);
    expect(result.transfer?.reason).toBe('emergency');
  });
});

describe('the transfer is announced before its prompt (the pop reads the caller\'s history meanwhile)', () => {
  test('onTransferring comes once, after the key and before the prompt that puts the caller through', async () => {
    const channel = new FakeCallChannel([press('1')]);
    const promptsAtTransferring: number[] = [];
    const { result } = await run(hotline, channel, undefined, { onTransferring: () => promptsAtTransferring.push(channel.prompts.length) });
    expect(promptsAtTransferring).toHaveLength(1);
    // Said after it: the transfer step's own prompt, the last one.
    expect(channel.prompts.slice(promptsAtTransferring[0])).toEqual([channel.prompts.at(-1)]);
    expect(channel.ops.at(-1)).toBe('transfer');
    expect(result.transfer?.reason).toBe('emergency');
  });

  test('a listener that throws does not stop the transfer', async () => {
    const channel = new FakeCallChannel([press('0')]);
    const { result, logger } = await run(hotline, channel, undefined, { onTransferring: () => { throw new Error('boom'); } });
    expect(result.outcome).toBe('transferred');
    expect(logger.entries.map((e) => e.msg)).toContain('onTransferring listener failed');
  });
});
