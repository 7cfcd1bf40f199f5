/**
 * The sample Asterisk configuration in asterisk/ (issue 4): read as files, it must keep ARI and
 * AMI private, give the AMI user only what Kontakt needs, pass only the events Kontakt consumes,
 * and send hotline calls to Kontakt with a queue fallback; run by the stand-in, a call must
 * reach the dispatchers' queue whether Kontakt is there or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../core/config';
import { EMERGENCY_PRIORITY } from '../../ivr/flow/hotline-flow';
import { parseExtensions, type DialplanStep } from '../../standin/model/dialplan';
import { parseQueuesConf } from '../../standin/model/queue';
import { startStandin, type Standin, type StandinOptions } from '../../standin/scenario';
import { AriCallChannel } from '../../telephony/ari-call-channel';
import { normalizeAmiEvent } from '../../telephony/ami-event-normalizer';
import type { AriConnection } from '../../telephony/ari-connection';
import { ariConnection } from '../telephony/helpers';
import {
  parseConf, section, sections, value, values, permClasses, mayWrite, mayRead,
  eventFilters, eventPasses, eventText, posixEre, isLoopbackOrPrivate, type ConfSection,
} from './asterisk-conf';

const SAMPLE_DIR = path.join(__dirname, '../../asterisk');
const FIXTURES = path.join(__dirname, '../fixtures/asterisk');
const read = (file: string): string => fs.readFileSync(path.join(SAMPLE_DIR, file), 'utf8');
const conf = (file: string): ConfSection[] => parseConf(read(file));

/** Kontakt's own defaults: the names the sample must match. */
const kontakt = readConfig({});

/** The events Kontakt consumes (telephony/ami-event-normalizer.ts), with their AMI classes. */
const NEEDED_EVENTS: Record<string, string[]> = {
  QueueCallerJoin: ['agent'], QueueCallerLeave: ['agent'], QueueCallerAbandon: ['agent'],
  AgentCalled: ['agent'], AgentRingNoAnswer: ['agent'], AgentConnect: ['agent'], AgentComplete: ['agent'],
  QueueMemberStatus: ['agent'], QueueMemberAdded: ['agent'], QueueMemberRemoved: ['agent'], QueueMemberPause: ['agent'],
  Hangup: ['call'],
};

/** Actions Kontakt sends and those it must not be able to, with the classes Asterisk 22 registers them with. */
const KONTAKT_ACTIONS: Record<string, string[]> = {
  Ping: [], QueueStatus: [], QueueSummary: [],
  QueueAdd: ['agent'], QueueRemove: ['agent'], QueuePause: ['agent'],
  CoreShowChannels: ['system', 'reporting'],
};
const FORBIDDEN_ACTIONS: Record<string, string[]> = {
  Originate: ['originate'], Command: ['command'], Redirect: ['call'], Setvar: ['call'], Hangup: ['system', 'call'],
  BlindTransfer: ['call'], Reload: ['config', 'system'], GetConfig: ['system', 'config'], UpdateConfig: ['config'],
  ModuleLoad: ['system'], Filter: ['system'], UserEvent: ['user'],
};

/** Every AMI event in the recordings of the real Asterisk 22, as the text Asterisk filters. */
function recordedEvents(): Array<{ name: string; classes: string[]; text: string }> {
  const out = new Map<string, { name: string; classes: string[]; text: string }>();
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    const log = (JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { log: Array<{ kind: string; text?: string }> }).log;
    const stream = log.filter((e) => e.kind === 'ami-bytes').map((e) => e.text ?? '').join('');
    for (const block of stream.split('\r\n\r\n')) {
      // Only what went through the event bus carries Privilege; answers to actions (QueueMember,
      // CoreShowChannel, ...) do not and are never filtered.
      const m = /^Event: ([^\r\n]+)\r\nPrivilege: ([^\r\n]+)/.exec(block);
      if (!m || out.has(m[1])) continue;
      out.set(m[1], { name: m[1], classes: m[2].split(',').filter((c) => c !== 'all'), text: `${block}\r\n\r\n` });
    }
  }
  return [...out.values()];
}

describe('the sample Asterisk configuration, as files', () => {
  test('has every file, each with the sections Kontakt relies on', () => {
    for (const file of ['http.conf', 'ari.conf', 'manager.conf', 'extensions.conf', 'queues.conf', 'pjsip.conf', 'README.md']) {
      expect(fs.existsSync(path.join(SAMPLE_DIR, file))).toBe(true);
    }
    const names = (file: string): string[] => conf(file).map((s) => s.name);
    expect(names('http.conf')).toEqual(['general']);
    expect(names('ari.conf')).toEqual(['general', kontakt.ARI_USERNAME]);
    expect(names('manager.conf')).toEqual(['general', kontakt.AMI_USERNAME]);
    expect(names('queues.conf')).toEqual(['general', 'dispatchers']);
    expect(names('extensions.conf')).toEqual(expect.arrayContaining(['general', 'from-trunk', 'hotline', kontakt.QUEUE_CONTEXT, 'dispatcher-phones', 'kontakt-callback']));
    expect(names('pjsip.conf')).toEqual(expect.arrayContaining(['transport-udp', '101', '106', 'trunk', 'trunk-auth', 'trunk-registration']));
  });

  test('ARI (the HTTP server) and AMI listen on loopback or a private address, where Kontakt looks by default', () => {
    const http = section(conf('http.conf'), 'general');
    const ami = section(conf('manager.conf'), 'general');
    for (const [s, cf] of [[http, 'http.conf'], [ami, 'manager.conf']] as const) {
      const addr = value([s], s, 'bindaddr');
      expect({ cf, addr, private: addr !== undefined && isLoopbackOrPrivate(addr) }).toEqual({ cf, addr, private: true });
    }
    expect(value([http], http, 'enabled')).toBe('yes');
    expect(value([ami], ami, 'webenabled')).toBe('no'); // no AMI over HTTP
    const ariUrl = new URL(kontakt.ARI_URL);
    expect(`${value([http], http, 'bindaddr')}:${value([http], http, 'bindport')}`).toBe(`${ariUrl.hostname}:${ariUrl.port}`);
    expect(`${value([ami], ami, 'bindaddr')}:${value([ami], ami, 'port')}`).toBe(`${kontakt.AMI_HOST}:${kontakt.AMI_PORT}`);
    // The AMI user: deny everything, then permit loopback/private addresses only.
    const manager = conf('manager.conf');
    const user = section(manager, kontakt.AMI_USERNAME);
    expect(values(manager, user, 'deny')).toContain('0.0.0.0/0.0.0.0');
    const permits = values(manager, user, 'permit');
    expect(permits.length).toBeGreaterThan(0);
    for (const p of permits) expect(isLoopbackOrPrivate(p.split('/')[0])).toBe(true);
  });

  test('secrets are long placeholders marked CHANGE-ME, all different, and say that Kontakt reads them from its environment', () => {
    const ari = conf('ari.conf');
    const manager = conf('manager.conf');
    const pjsip = conf('pjsip.conf');
    const secrets = [
      value(ari, section(ari, kontakt.ARI_USERNAME), 'password'),
      value(manager, section(manager, kontakt.AMI_USERNAME), 'secret'),
      ...pjsip.filter((s) => value(pjsip, s, 'type') === 'auth' && !s.isTemplate).map((s) => value(pjsip, s, 'password')),
    ];
    expect(secrets).toHaveLength(2 + 6 + 1); // ARI, AMI, phones 101-106, the trunk
    for (const s of secrets) {
      expect(s).toMatch(/^CHANGE-ME-/);
      expect(s!.length).toBeGreaterThanOrEqual(30);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(read('ari.conf')).toContain('ARI_PASSWORD');
    expect(read('manager.conf')).toContain('AMI_SECRET');
    expect(value(ari, section(ari, kontakt.ARI_USERNAME), 'read_only')).toBe('no'); // answers, plays, continues, originates
  });

  describe('the AMI user', () => {
    const manager = conf('manager.conf');
    const user = section(manager, kontakt.AMI_USERNAME);
    const readClasses = permClasses(value(manager, user, 'read'));
    const writeClasses = permClasses(value(manager, user, 'write'));

    test('has least privilege: no all, system, command, config or originate; reads only agent and call events', () => {
      for (const c of ['all', 'system', 'command', 'config', 'originate', 'call', 'user', 'agi']) expect(writeClasses.has(c)).toBe(false);
      expect([...readClasses].sort()).toEqual(['agent', 'call']);
    });

    test.each(Object.entries(KONTAKT_ACTIONS))('may send %s', (_action, authority) => {
      expect(mayWrite(writeClasses, authority)).toBe(true);
    });

    test.each(Object.entries(FORBIDDEN_ACTIONS))('may not send %s', (_action, authority) => {
      expect(mayWrite(writeClasses, authority)).toBe(false);
    });

    const filters = eventFilters(user);
    const recorded = recordedEvents();
    const recordedNames = recorded.map((e) => e.name);

    test('every event Kontakt consumes is readable and passes the event filters (recorded payloads where there is one)', () => {
      expect(recordedNames).toEqual(expect.arrayContaining(['QueueCallerJoin', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'Hangup', 'QueueMemberAdded', 'QueueMemberPause']));
      for (const [name, classes] of Object.entries(NEEDED_EVENTS)) {
        const text = recorded.find((e) => e.name === name)?.text
          ?? eventText(name, classes, [['Channel', 'PJSIP/0501234567-00000001'], ['Uniqueid', '1761650000.1'], ['Queue', 'dispatchers'], ['Interface', 'PJSIP/101']]);
        expect({ name, readable: mayRead(readClasses, classes), passes: eventPasses(filters, text) }).toEqual({ name, readable: true, passes: true });
      }
    });

    test('every recorded event Kontakt\'s own AMI reader turns into a call event passes, and nothing it ignores does', () => {
      let used = 0;
      for (const e of recorded) {
        // Keys lower-cased, as asterisk-manager hands them to Kontakt.
        const fields = Object.fromEntries(e.text.split('\r\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const consumed = normalizeAmiEvent(fields, new Date()) !== null;
        if (consumed) used++;
        const delivered = mayRead(readClasses, e.classes) && eventPasses(filters, e.text);
        expect({ name: e.name, delivered }).toEqual({ name: e.name, delivered: consumed });
      }
      expect(used).toBeGreaterThanOrEqual(10);
    });

    test('no other event reaches Kontakt: every other recorded event, and names that merely begin like ours, are dropped', () => {
      const others = recorded.filter((e) => !(e.name in NEEDED_EVENTS));
      expect(others.map((e) => e.name)).toEqual(expect.arrayContaining(['Newchannel', 'Newexten', 'VarSet', 'DialBegin', 'HangupRequest', 'SoftHangupRequest', 'DTMFEnd', 'BridgeEnter', 'FullyBooted']));
      for (const e of others) {
        const delivered = mayRead(readClasses, e.classes) && eventPasses(filters, e.text);
        expect({ name: e.name, delivered }).toEqual({ name: e.name, delivered: false });
      }
      const lookalikes: Array<[string, string[]]> = [['HangupHandlerRun', ['dialplan']], ['HangupRequest', ['call']], ['QueueMemberPenalty', ['agent']], ['QueueMemberRinginuse', ['agent']], ['AgentCalledX', ['agent']], ['QueueCallerJoined', ['agent']]];
      for (const [name, classes] of lookalikes) {
        expect({ name, passes: eventPasses(filters, eventText(name, classes, [['Channel', 'PJSIP/101-00000002'], ['Note', 'Event: Hangup']])) }).toEqual({ name, passes: false });
      }
    });

    test('the filter model is Asterisk\'s: include/exclude order, whole-text search, POSIX syntax only', () => {
      const f = (...lines: string[]) => eventFilters({ name: 'u', isTemplate: false, inherits: [], entries: lines.map((v, i) => ({ key: 'eventfilter', value: v, line: i })) });
      const hangupLocal = eventText('Hangup', ['call'], [['Channel', 'Local/101@agents-00000001;2']]);
      const hangupPjsip = eventText('Hangup', ['call'], [['Channel', 'PJSIP/101-00000001']]);
      expect(eventPasses([], hangupLocal)).toBe(true);
      expect(eventPasses(f('Event: Hangup'), hangupLocal)).toBe(true);
      expect(eventPasses(f('Event: Newchannel'), hangupLocal)).toBe(false);
      expect(eventPasses(f('!Channel: Local/'), hangupLocal)).toBe(false);
      expect(eventPasses(f('!Channel: Local/'), hangupPjsip)).toBe(true);
      expect(eventPasses(f('Event: Hangup', '!Channel: Local/'), hangupLocal)).toBe(false);
      expect(eventPasses(f('Event: Hangup', '!Channel: Local/'), hangupPjsip)).toBe(true);
      expect(eventPasses(f('^Channel: PJSIP'), hangupPjsip)).toBe(false); // ^ is the start of the event, not of a line
      expect(posixEre('^Event: Hangup[[:space:]]').test('Event: Hangup\r\n')).toBe(true);
      expect(() => posixEre('^Event: Hangup\\r')).toThrow(/POSIX/);
      expect(() => posixEre('^Event: Hangup\\s')).toThrow(/POSIX/);
    });
  });

  describe('the dialplan', () => {
    const text = read('extensions.conf');
    const plan = parseExtensions(text);
    const steps = (context: string, exten: string): DialplanStep[] => plan.get(context)?.get(exten) ?? [];
    const call = (s: DialplanStep): string => `${s.app}(${s.data})`;

    test('the stand-in\'s reader takes in every line of it', () => {
      const lines = conf('extensions.conf').filter((s) => s.name !== 'general' && s.name !== 'globals')
        .map((s) => [s.name, s.entries.filter((e) => e.key === 'exten' || e.key === 'same').length] as const);
      for (const [context, count] of lines) {
        const read = [...(plan.get(context)?.values() ?? [])].reduce((n, st) => n + st.filter(Boolean).length, 0);
        expect({ context, read }).toEqual({ context, read: count });
      }
    });

    test('the hotline runs Stasis(kontakt,inbound), and the next steps lead to the dispatchers\' queue', () => {
      const hotline = steps('hotline', '1551');
      const stasis = hotline.findIndex((s) => s.app === 'Stasis');
      expect(stasis).toBeGreaterThanOrEqual(0);
      expect(hotline[stasis].data).toBe(`${kontakt.ARI_APP},inbound`);
      const after = hotline.slice(stasis + 1);
      const to = after.findIndex((s) => s.app === 'Goto' || s.app === 'Queue');
      expect(to).toBeGreaterThanOrEqual(0);
      expect(after.slice(0, to).map((s) => s.app)).not.toEqual(expect.arrayContaining(['Hangup', 'Busy', 'Congestion', 'Stasis']));
      expect(call(after[to])).toBe(`Goto(${kontakt.QUEUE_CONTEXT},${kontakt.QUEUE_EXTENSION},1)`);
      // Before Stasis nothing ends the call; a normal priority is set for Kontakt to raise.
      expect(hotline.slice(0, stasis).map(call)).toEqual(expect.arrayContaining(['Set(KONTAKT_PRIORITY=0)']));
      // Every hotline number from the operator goes to that one place.
      for (const [exten, st] of plan.get('from-trunk') ?? new Map<string, DialplanStep[]>()) expect({ exten, to: call(st[0]) }).toEqual({ exten, to: 'Goto(hotline,1551,1)' });
    });

    test('the dispatchers\' place queues with KONTAKT_PRIORITY as QUEUE_PRIO and a timeout, then handles "no dispatcher"', () => {
      const d = steps(kontakt.QUEUE_CONTEXT, kontakt.QUEUE_EXTENSION).map(call);
      const prio = d.indexOf('Set(QUEUE_PRIO=${KONTAKT_PRIORITY})');
      const queue = d.findIndex((s) => s.startsWith('Queue(dispatchers,'));
      expect(prio).toBeGreaterThanOrEqual(0);
      expect(queue).toBeGreaterThan(prio);
      const timeout = Number(d[queue].slice('Queue('.length, -1).split(',')[4]);
      expect(timeout).toBeGreaterThanOrEqual(60);
      expect(timeout).toBeLessThanOrEqual(900);
      const rest = d.slice(queue + 1);
      expect(rest.some((s) => s.startsWith('Playback('))).toBe(true);
      expect(rest.at(-1)).toBe('Hangup()');
    });

    test('phones and callbacks reach only Ukrainian numbers through the trunk', () => {
      const outward = [...(plan.get('dispatcher-phones')?.keys() ?? []), ...(plan.get('kontakt-callback')?.keys() ?? [])];
      expect(outward).not.toEqual(expect.arrayContaining(['_X.', '_00X.', '_+X.', '_X!', '_.']));
      expect(steps('kontakt-callback', '_0XXXXXXXXX').map((s) => s.app)).toEqual(expect.arrayContaining(['Dial']));
      expect(steps('to-trunk', '_X.').map(call)).toContain('Dial(PJSIP/${EXTEN}@trunk,60)');
    });
  });

  test('queues.conf: the dispatchers queue, members added by Kontakt, no options Asterisk 12+ no longer knows', () => {
    const queues = conf('queues.conf');
    const q = section(queues, 'dispatchers');
    expect(['rrmemory', 'ringall']).toContain(value(queues, q, 'strategy'));
    expect(values(queues, q, 'member')).toEqual([]); // dynamic: AMI QueueAdd
    expect(value(queues, section(queues, 'general'), 'persistentmembers')).toBe('yes');
    for (const gone of ['eventwhencalled', 'eventmemberstatus']) {
      expect(queues.flatMap((s) => s.entries).some((e) => e.key === gone)).toBe(false);
    }
    expect(value(queues, q, 'joinempty')).toBeDefined();
    expect(value(queues, q, 'leavewhenempty')).toBeDefined();
    expect(value(queues, q, 'announce-position')).toBe('yes');
    expect(parseQueuesConf(read('queues.conf'))).toEqual([{ name: 'dispatchers', strategy: value(queues, q, 'strategy'), timeout: 15, retry: 2, joinempty: 'penalty,invalid,unavailable', leavewhenempty: 'penalty,invalid,unavailable', members: [] }]);
  });

  test('pjsip.conf: phones 101-106 with their own auth and aor, and a registered trunk named as Kontakt dials it', () => {
    const pjsip = conf('pjsip.conf');
    const typed = (name: string, type: string): ConfSection | undefined => sections(pjsip, name).find((s) => value(pjsip, s, 'type') === type);
    for (let ext = 101; ext <= 106; ext++) {
      const name = String(ext);
      const endpoint = typed(name, 'endpoint');
      expect(endpoint).toBeDefined();
      expect(value(pjsip, endpoint!, 'auth')).toBe(name);
      expect(value(pjsip, endpoint!, 'aors')).toBe(name);
      expect(value(pjsip, endpoint!, 'context')).toBe('dispatcher-phones');
      expect(value(pjsip, typed(name, 'auth')!, 'username')).toBe(name);
      expect(value(pjsip, typed(name, 'aor')!, 'max_contacts')).toBe('1');
    }
    const trunk = typed('trunk', 'endpoint')!;
    expect(value(pjsip, trunk, 'context')).toBe('from-trunk');
    expect(value(pjsip, trunk, 'outbound_auth')).toBe('trunk-auth');
    expect(value(pjsip, trunk, 'aors')).toBe('trunk');
    expect(typed('trunk', 'aor')).toBeDefined();
    expect(value(pjsip, typed('trunk', 'identify')!, 'endpoint')).toBe('trunk');
    expect(value(pjsip, section(pjsip, 'trunk-registration'), 'endpoint')).toBe('trunk');
  });
});

describe('the sample dialplan and queue, run by the stand-in', () => {
  let s: Standin | undefined;
  let ari: AriConnection | undefined;
  afterEach(async () => {
    ari?.stop();
    ari = undefined;
    await s?.stop();
    s = undefined;
  });

  async function start(opts: StandinOptions = {}): Promise<Standin> {
    s = await startStandin({
      timeScale: 0.02,
      extensionsConf: read('extensions.conf'),
      queues: parseQueuesConf(read('queues.conf')),
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 1000, talkMs: 5000 } },
      ...opts,
    });
    // A dispatcher on shift, as Kontakt's QueueAdd left them (persistentmembers keeps them).
    s.addQueueMember('dispatchers', { interface: 'PJSIP/101', name: 'Dispatcher 101' });
    return s;
  }

  const varOf = (st: Standin, id: string, name: string): string | undefined => st.model.getVar(st.model.channels.get(id)!, name);

  test('Kontakt never connected: Stasis() fails and the call reaches the dispatchers\' queue and a dispatcher', async () => {
    const st = await start();
    const call = st.placeCall({ from: '0501234567', name: 'Mykola Petrenko' });
    const joined = await st.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(joined.Queue).toBe('dispatchers');
    expect(varOf(st, call.id, 'STASISSTATUS')).toBe('FAILED');
    expect(varOf(st, call.id, 'QUEUE_PRIO')).toBe('0');
    expect(st.sent.ari.some((e) => e.event.type === 'StasisStart')).toBe(false);
    const connected = await st.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    expect(connected.Interface).toBe('PJSIP/101');
    call.hangup();
  });

  test('Kontakt connected earlier but its socket is gone ("not active"): the same fallback', async () => {
    const st = await start({ apps: [kontakt.ARI_APP] });
    expect(st.model.apps.get(kontakt.ARI_APP)?.active).toBe(false);
    const call = st.placeCall({ from: '0671112233' });
    const joined = await st.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(joined.Queue).toBe('dispatchers');
    expect(varOf(st, call.id, 'STASISSTATUS')).toBe('FAILED');
    call.hangup();
  });

  test('Kontakt connected: the call enters Stasis(kontakt,inbound); its `continue` with KONTAKT_PRIORITY=10 queues it as an emergency', async () => {
    const st = await start();
    ari = ariConnection(st);
    const conn = ari;
    const starts: Array<{ channelId: string; args: string[] }> = [];
    conn.on('stasisStart', (e) => {
      starts.push({ channelId: e.channelId, args: e.args });
      // What Kontakt's IVR does for key 1 (call-sessions / interpreter transfer): answer, set the variables, continue.
      const channel = new AriCallChannel(e.channelId, e.callerNumber, conn);
      void channel.answer().then(() => channel.transfer({
        context: kontakt.QUEUE_CONTEXT, extension: kontakt.QUEUE_EXTENSION, priority: 1,
        variables: { KONTAKT_CALL_ID: e.channelId, KONTAKT_IVR_PATH: 'main:1', KONTAKT_PRIORITY: String(EMERGENCY_PRIORITY), KONTAKT_REASON: 'emergency' },
      }));
    });
    conn.start();
    await st.waitFor(() => conn.ready && st.model.apps.get(kontakt.ARI_APP)?.active, 5000, 'Kontakt connected');
    const call = st.placeCall({ from: '0931234567' });
    const joined = await st.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(joined.Queue).toBe('dispatchers');
    expect(starts).toEqual([{ channelId: call.id, args: ['inbound'] }]);
    expect(varOf(st, call.id, 'QUEUE_PRIO')).toBe(String(EMERGENCY_PRIORITY));
    expect(varOf(st, call.id, 'KONTAKT_REASON')).toBe('emergency');
    call.hangup();
  });

  test('nobody answers within the queue timeout: the caller hears the "no dispatcher" message and the call ends', async () => {
    // 300 s of queue timeout at 1/200 of real time: 1.5 s.
    const st = await start({ timeScale: 0.005, phones: { 'PJSIP/101': { kind: 'noanswer' } } });
    const call = st.placeCall({ from: '0661112233' });
    await st.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    await st.waitForAmi('QueueCallerLeave', (f) => f.Uniqueid === call.id, 10000);
    // What the dialplan ran after Queue() returned, as AMI Newexten shows it.
    const ran = (app: string, data: (d: string) => boolean = () => true): Promise<Record<string, string>> =>
      st.waitForAmi('Newexten', (f) => f.Uniqueid === call.id && f.Application === app && data(f.AppData), 5000);
    expect((await ran('NoOp', (d) => d.startsWith('No dispatcher'))).AppData).toBe('No dispatcher took the call: QUEUESTATUS=TIMEOUT');
    expect((await ran('Playback')).AppData).toBe('all-circuits-busy-now&pls-try-call-later');
    await ran('Hangup');
    expect(await call.ended).toBe(16);
  });
});
