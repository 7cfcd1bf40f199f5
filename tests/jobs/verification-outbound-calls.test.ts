import { EventEmitter } from 'node:events';
import sinon from 'sinon';
import { OutboundCalls, OutboundCallRequest } from '../../telephony/outbound-calls';
import { CallRecorder } from '../../calls/call-recorder';
import { NotConnectedError } from '../../telephony/telephony-errors';
import { createLogger } from '../../core/logger';
import { systemClock } from '../../core/clock';
import type { AriConnection } from '../../telephony/ari-connection';
import type { FlowDefinition } from '../../ivr/flow/flow-types';

/** The outbound call registry over a fake ARI connection: how calls that are never answered end. */
describe('outbound calls (registry)', () => {
  let clock: sinon.SinonFakeTimers;
  let ari: EventEmitter & { originate: sinon.SinonStub; hangup: sinon.SinonStub };
  let recorder: CallRecorder;
  let calls: OutboundCalls;
  const flow: FlowDefinition = { name: 'x', start: 'bye', steps: { bye: { type: 'hangup' } } };
  const request = (channelId: string): OutboundCallRequest => ({
    channelId, endpoint: 'PJSIP/0501234567@trunk', calledNumber: '+380501234567', callerId: '1551', ringSeconds: 30,
    appArgs: ['verification', '7'], purpose: 'verification', flow,
    services: { outageAnnouncement: async () => '', appealStatus: async () => null, mediaFor: async (t) => t },
  });

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    ari = Object.assign(new EventEmitter(), { originate: sinon.stub(), hangup: sinon.stub().resolves() });
    recorder = new CallRecorder({ writer: { saveMany: async () => new Map() }, logger: createLogger('silent'), clock: systemClock });
    calls = new OutboundCalls({ ari: ari as unknown as AriConnection, recorder, clock: systemClock, logger: createLogger('silent'), phoneRegion: 'UA' });
  });
  afterEach(() => clock.restore());

  test('events that come before originate returns are matched by our channel id (busy, cause 17)', async () => {
    ari.originate.callsFake(async (o: { channelId: string }) => {
      ari.emit('channelState', { channelId: o.channelId, state: 'Ringing' });
      ari.emit('channelHangup', { channelId: o.channelId, cause: 17, causeText: 'User busy' });
      return o.channelId;
    });
    const result = await calls.place(request('ch-busy'));
    expect(result).toEqual({ placed: true, channelId: 'ch-busy', answered: false, result: 'busy', cause: 17 });
    expect(ari.originate.firstCall.args[0]).toMatchObject({ channelId: 'ch-busy', endpoint: 'PJSIP/0501234567@trunk', appArgs: ['verification', '7'], callerId: '1551', timeoutSec: 30 });
    expect(recorder.record('ch-busy')).toMatchObject({ direction: 'outbound', purpose: 'verification', calledNumber: '+380501234567', callerNumber: '1551', hangupCause: 17, failed: false });
    expect(calls.size).toBe(0);
  });

  test('a ring timeout: cause 0 after ringing is no answer', async () => {
    ari.originate.callsFake(async (o: { channelId: string }) => o.channelId);
    const placed = calls.place(request('ch-ring'));
    await clock.tickAsync(10);
    ari.emit('channelState', { channelId: 'ch-ring', state: 'Ringing' });
    await clock.tickAsync(30_000);
    ari.emit('channelHangup', { channelId: 'ch-ring', cause: 0, causeText: 'Unknown' });
    expect(await placed).toMatchObject({ answered: false, result: 'no_answer', cause: 0 });
  });

  test('nothing heard from Asterisk at all: given up after the ring time and a grace, the channel hung up', async () => {
    ari.originate.callsFake(async (o: { channelId: string }) => o.channelId);
    const placed = calls.place(request('ch-silent'));
    await clock.tickAsync(30_000 + 14_000);
    expect(calls.size).toBe(1);
    await clock.tickAsync(2_000);
    expect(await placed).toMatchObject({ placed: true, answered: false, result: 'failed', cause: null });
    expect(ari.hangup.calledWith('ch-silent')).toBe(true);
    expect(recorder.record('ch-silent')).toMatchObject({ failed: true, endedAt: expect.any(Date) });
  });

  test('ARI not connected: not placed, nothing recorded (the caller keeps the attempt)', async () => {
    ari.originate.rejects(new NotConnectedError('ari'));
    expect(await calls.place(request('ch-down'))).toEqual({ placed: false, channelId: 'ch-down', error: 'not_connected' });
    expect(recorder.record('ch-down')).toBeNull();
    expect(calls.size).toBe(0);
  });
});
