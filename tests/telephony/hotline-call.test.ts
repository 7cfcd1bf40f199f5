import { startStandin, Standin } from '../../standin/scenario';
import { callRow } from '../support/call-rows';
import { testDatabases } from '../support/databases';
import { TestServer, startTestServerWithStandin } from '../support/test-server';
import { Call, CallAppeal, Category, Outage } from '../../models';
import { decodeWav } from '../../ivr/speech/wav';
import { buildAppealStatusText } from '../../ivr/speech/appeal-status-text';
import { spokenAppealNumber } from '../../ivr/speech/ukrainian-dates';
import { HOTLINE_TEXTS } from '../../ivr/flow/hotline-flow';
import { systemActor } from '../../appeals/actor';

/**
 * Whole inbound calls: the stand-in speaks ARI and AMI to a real Kontakt through the real client
 * libraries, and the test reads the Call rows Kontakt wrote.
 */
describe.each(testDatabases())('the hotline on $name', (db) => {
  let standin: Standin;
  let server: TestServer;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [{ interface: 'PJSIP/101', name: 'Диспетчер 101' }] }],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 1500, talkMs: 5000 } },
    });
    // The real clock: the stand-in plays prompts in real (scaled) time.
    server = await startTestServerWithStandin(db, standin);
  });
  afterAll(async () => {
    await server?.close();
    await standin?.stop();
  });


  test('key 1 reaches the dispatchers with emergency priority, and the call leaves a complete record', async () => {
    const call = standin.placeCall({ from: '0501234567', name: 'Микола Петренко', script: [{ afterAnswerMs: 2000, dtmf: '1' }] });
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id, 15000);
    // The dialplan sees every variable, all set by one request (ARRAY()).
    const vars = standin.model.channels.get(call.id)!.vars;
    expect(vars.get('KONTAKT_PRIORITY')).toBe('10');
    expect(vars.get('KONTAKT_REASON')).toBe('emergency');
    expect(vars.get('KONTAKT_CALL_ID')).toBe(call.id);
    expect(vars.get('KONTAKT_IVR_PATH')).toBe('main:1');
    expect(standin.appRequests.rest.filter((r) => r.path.includes(`/channels/${call.id}/variable`))).toHaveLength(1);
    expect(standin.appRequests.rest.some((r) => r.path.startsWith(`/ari/channels/${call.id}/continue`) || r.path.startsWith(`/channels/${call.id}/continue`))).toBe(true);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null && c.talkSeconds !== null);
    expect(row.direction).toBe('inbound');
    expect(row.callerNumber).toBe('+380501234567');
    expect(row.disposition).toBe('answered');
    expect(row.queue).toBe('dispatchers');
    expect(row.agentInterface).toBe('PJSIP/101');
    expect(row.answeredAt).not.toBeNull();
    expect(row.ivrPath?.some((e) => e.step === 'main' && e.key === '1')).toBe(true);
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(1);
  });

  test('the outage announcement is rendered by Kontakt and played by Asterisk from its URL', async () => {
    const water = await Category.findOne({ where: { code: 'cold-water-none' } });
    await Outage.create({ utility: 'cold_water', kind: 'emergency', area: 'вулиця Шевченка, будинки 1–15', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 5 * 3600_000), reason: 'порив водогону', executorId: water!.defaultExecutorId });
    server.kontakt.telephony.services.forgetOutages();
    const call = standin.placeCall({ from: '0671112233', script: [{ afterAnswerMs: 500000, hangup: true }] });
    const plays = () => standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.includes(`/channels/${call.id}/play`));
    await standin.waitFor(() => plays().length >= 2, 10000, 'two prompts');
    const media = decodeURIComponent(plays()[1].path).match(/media=sound:(http:\/\/[^&]+)/)?.[1];
    expect(media).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prompts\/[0-9a-f]{64}\.wav$/);
    const wav = await fetch(media!);
    expect(wav.status).toBe(200);
    const decoded = decodeWav(Buffer.from(await wav.arrayBuffer()));
    expect(decoded.sampleRate).toBe(8000);
    expect(decoded.samples.length).toBeGreaterThan(8000); // more than a second of speech
    call.hangup();
  });
  afterEach(async () => {
    await Outage.destroy({ where: {} });
    server.kontakt.telephony.services.forgetOutages();
  });

  test('an unknown key is refused and the menu offered again; no keys at all end with a dispatcher', async () => {
    const call = standin.placeCall({ from: '0931234567', script: [{ afterAnswerMs: 1500, dtmf: '7' }] });
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null);
    const keys = (row.ivrPath ?? []).filter((e) => e.step === 'main').map((e) => e.key);
    expect(keys[0]).toBe('7');
    expect(keys.length).toBe(3); // 7, then twice no key: three failures
    expect(row.disposition).toBe('abandoned');
  });

  const playedHashes = (channelId: string) =>
    standin.appRequests.rest
      .filter((r) => r.method === 'POST' && r.path.includes(`/channels/${channelId}/play`))
      // One playback may carry several prompts (the greeting, the outages and the menu).
      .flatMap((r) => [...decodeURIComponent(r.path).matchAll(/prompts\/([0-9a-f]{64})\.wav/g)].map((m) => m[1]));

  test('key 2 tells the caller the status of their open appeals, then 0 reaches a dispatcher', async () => {
    const appeal = await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'phone', phone: '0957654321', categoryCode: 'cold-water-none', address: 'вулиця Шевченка, 5', description: 'Немає води',
    });
    const expected = buildAppealStatusText({ number: appeal.number, status: 'assigned', deadline: appeal.deadlineAt }, { now: new Date(), zone: 'Europe/Kyiv' });
    expect(expected).toContain(spokenAppealNumber(appeal.number));
    const call = standin.placeCall({ from: '+380957654321', script: [{ afterAnswerMs: 1500, dtmf: '2' }] });
    const statusHash = server.kontakt.telephony.prompts.hashFor(expected);
    await standin.waitFor(() => playedHashes(call.id).includes(statusHash), 15000, 'the status of the appeal');
    call.pressKeys('0');
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null);
    expect(row.ivrPath?.map((e) => `${e.step}:${e.key ?? ''}`)).toEqual(expect.arrayContaining(['main:2', 'appeal-menu:0']));
    const links = await CallAppeal.findAll({ where: { callId: row.id } });
    expect(links.map((l) => [l.appealId, l.relation])).toEqual([[appeal.id, 'status_inquiry']]);
  });

  test('key 2 from a caller with no open appeals says so; * goes back; 3 repeats the outages; 0 is a dispatcher at normal priority', async () => {
    const prompts = server.kontakt.telephony.prompts;
    const hash = (text: string) => prompts.hashFor(text);
    const call = standin.placeCall({ from: '0507777777' });
    // The caller answers each prompt as it starts, as a person would.
    const heard = async (text: string, times = 1) => {
      await standin.waitFor(() => playedHashes(call.id).filter((h) => h === hash(text)).length >= times, 15000, text);
    };
    await heard(HOTLINE_TEXTS.mainMenu);
    call.pressKeys('2');
    await heard(HOTLINE_TEXTS.noAppeals);
    await heard(HOTLINE_TEXTS.appealMenu);
    call.pressKeys('*');
    await heard(HOTLINE_TEXTS.mainMenu, 2);
    call.pressKeys('3');
    await heard(HOTLINE_TEXTS.noOutages);
    call.pressKeys('0');
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
    const vars = standin.model.channels.get(call.id)!.vars;
    expect(vars.get('KONTAKT_PRIORITY')).toBe('0');
    // The path has commas: quoted in the ARRAY() value, whole in the variable.
    expect(vars.get('KONTAKT_IVR_PATH')).toBe('main:2,appeal-menu:*,main:3,main:0');
    call.hangup();
  });

  test('a key pressed during the greeting stops it at once (barge-in)', async () => {
    const call = standin.placeCall({ from: '0508888888', script: [{ afterAnswerMs: 40, dtmf: '1' }] });
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
    expect(standin.appRequests.rest.some((r) => r.method === 'DELETE' && r.path.includes('/playbacks/'))).toBe(true);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null);
    expect(row.ivrPath?.[0]).toMatchObject({ step: 'main', key: '1' });
  });

  test('the state of both PBX connections is in /readyz and in /metrics', async () => {
    const ready = await (await fetch(`${server.baseUrl}/readyz`)).json();
    expect(ready.checks).toMatchObject({ database: true, ari: true, ami: true });
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^kontakt_ari_ready 1$/m);
    expect(metrics).toMatch(/^kontakt_ami_ready 1$/m);
    expect(metrics).toMatch(/^kontakt_call_records_pending \d+$/m);
    expect(metrics).not.toMatch(/\+380\d{9}/);
  });

  test('a caller who hangs up during the greeting leaves an IVR-only record', async () => {
    const call = standin.placeCall({ from: '0661234567', script: [{ afterAnswerMs: 20, hangup: true }] });
    const row = await callRow(call.id, (c) => c.endedAt !== null);
    expect(row.disposition).toBe('ivr_only');
    expect(row.queue).toBeNull();
  });
});
