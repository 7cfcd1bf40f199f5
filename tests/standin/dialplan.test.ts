/**
 * The dialplan runner as a multi-instance hotline needs it: Stasis() with ${STASISSTATUS},
 * GotoIf($[...]?label:label), ${RAND()}, priority labels, Set(), and a scenario's own dialplan.
 */
import WebSocket from 'ws';
import { standin, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';
import { evaluateExpression, substitute, parseExtensions, resolvePriority } from '../../standin/model/dialplan';

const auth = 'api_key=kontakt:kontakt-secret';

const HOTLINE = `
[hotline]
exten => 1551,1,NoOp()
 same => n,GotoIf($[\${RAND(0,1)} = 1]?b)
 same => n(a),Stasis(kontakt-a,inbound)
 same => n,Stasis(kontakt-b,inbound)
 same => n,Goto(dispatchers,s,1)
 same => n(b),Stasis(kontakt-b,inbound)
 same => n,Stasis(kontakt-a,inbound)
 same => n,Goto(dispatchers,s,1)
`;

interface App {
  events: Array<Record<string, unknown>>;
  ws: WebSocket;
}

async function connect(s: Standin, app: string): Promise<App> {
  const events: Array<Record<string, unknown>> = [];
  const ws = new WebSocket(`ws://127.0.0.1:${s.ariPort}/ari/events?app=${app}&${auth}`);
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as Record<string, unknown>));
  await new Promise((r) => ws.once('open', r));
  await s.waitFor(() => s.model.apps.get(app)?.active, 2000, `${app} active`);
  return { events, ws };
}

const started = (app: App, id: string): boolean => app.events.some((e) => e.type === 'StasisStart' && (e.channel as { id: string }).id === id);

async function post(s: Standin, path: string): Promise<number> {
  return (await fetch(`${s.ariUrl}/ari${path}${path.includes('?') ? '&' : '?'}${auth}`, { method: 'POST' })).status;
}

describe('dialplan expressions', () => {
  it('evaluates $[...] as ast_expr2 does', () => {
    expect(evaluateExpression('1 = 1')).toBe('1');
    expect(evaluateExpression('0 = 1')).toBe('0');
    expect(evaluateExpression('"abc" = "abc"')).toBe('1');
    expect(evaluateExpression('"a" != "b"')).toBe('1');
    expect(evaluateExpression('abc = abd')).toBe('0');
    expect(evaluateExpression('1 & 0')).toBe('0');
    expect(evaluateExpression('2 & 3')).toBe('2');
    expect(evaluateExpression('0 | 5')).toBe('5');
    expect(evaluateExpression('0 | 0')).toBe('0');
    expect(evaluateExpression('(1 = 1) & (2 != 3)')).toBe('1');
    expect(evaluateExpression('10 > 9')).toBe('1');
    expect(evaluateExpression('3 + 4 * 2')).toBe('11');
    expect(evaluateExpression('!0')).toBe('1');
    expect(evaluateExpression('"" = ""')).toBe('1');
  });

  it('substitutes variables, offsets, functions, then expressions', () => {
    const vars: Record<string, string> = { EXTEN: '+380501234567', X: '1', 'RAND(0,1)': '1' };
    const get = (n: string): string | undefined => vars[n];
    expect(substitute('${EXTEN:1}', get)).toBe('380501234567');
    expect(substitute('${EXTEN:-4:2}', get)).toBe('45');
    expect(substitute('$[${RAND(0,1)} = 1]', get)).toBe('1');
    expect(substitute('$[${X} = 1 & "${MISSING}" = ""]?yes:no', get)).toBe('1?yes:no');
  });

  it('reads priority labels and resolves them', () => {
    const plan = parseExtensions(HOTLINE);
    const steps = plan.get('hotline')!.get('1551')!;
    expect(steps.map((st) => st.label ?? '')).toEqual(['', '', 'a', '', '', 'b', '', '']);
    expect(resolvePriority(steps, 'b')).toBe(6);
    expect(resolvePriority(steps, '3')).toBe(3);
    expect(resolvePriority(steps, 'nope')).toBeUndefined();
  });
});

describe('a hotline dialplan that tries two applications in turn', () => {
  let s: Standin;
  let rand = 0;
  const apps: App[] = [];
  beforeEach(async () => {
    rand = 0;
    s = await standin({ dialplan: HOTLINE, random: () => rand, phones: { 'PJSIP/101': { kind: 'noanswer' } }, queues: [{ name: 'dispatchers', members: [{ interface: 'PJSIP/101' }] }] });
  });
  afterEach(async () => {
    apps.splice(0).forEach((a) => a.ws.close());
    await s.stop();
  });

  it('RAND 0: kontakt-a takes the call; its continue to dispatchers,s,1 goes to the queue and never to kontakt-b', async () => {
    const a = await connect(s, 'kontakt-a');
    const b = await connect(s, 'kontakt-b');
    apps.push(a, b);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => started(a, call.id), 2000, 'StasisStart on a');
    expect(a.events.find((e) => e.type === 'StasisStart')).toMatchObject({ args: ['inbound'], application: 'kontakt-a' });
    expect(await post(s, `/channels/${call.id}/continue?context=dispatchers&extension=s&priority=1`)).toBe(204);
    const join = await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(join.Queue).toBe('dispatchers');
    expect(s.model.channels.get(call.id)?.vars.get('STASISSTATUS')).toBe('SUCCESS');
    await sleep(50);
    expect(started(b, call.id)).toBe(false);
    call.hangup();
  });

  it('RAND 1: kontakt-b first', async () => {
    rand = 0.99;
    const a = await connect(s, 'kontakt-a');
    const b = await connect(s, 'kontakt-b');
    apps.push(a, b);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => started(b, call.id), 2000, 'StasisStart on b');
    expect(started(a, call.id)).toBe(false);
    call.hangup();
  });

  it('kontakt-a not connected: its Stasis() fails (STASISSTATUS=FAILED) and kontakt-b gets the call', async () => {
    const b = await connect(s, 'kontakt-b');
    apps.push(b);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => started(b, call.id), 2000, 'StasisStart on b');
    const statuses = s.sent.ami.filter((e) => e.name === 'VarSet' && Object.fromEntries(e.fields).Uniqueid === call.id && Object.fromEntries(e.fields).Variable === 'STASISSTATUS').map((e) => Object.fromEntries(e.fields).Value);
    // app_stasis clears it first, then FAILED; the next Stasis() clears it again.
    expect(statuses).toEqual(['', 'FAILED', '']);
    call.hangup();
  });

  it('no application connected: both fail and the call reaches the queue', async () => {
    const call = s.placeCall({ from: '0501234567' });
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(s.model.channels.get(call.id)?.vars.get('STASISSTATUS')).toBe('FAILED');
    call.hangup();
  });

  it('a continue without a target goes on at the next priority, as Asterisk does (here: the other Stasis)', async () => {
    const a = await connect(s, 'kontakt-a');
    const b = await connect(s, 'kontakt-b');
    apps.push(a, b);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => started(a, call.id), 2000, 'StasisStart on a');
    expect(await post(s, `/channels/${call.id}/continue`)).toBe(204);
    await s.waitFor(() => started(b, call.id), 2000, 'StasisStart on b');
    call.hangup();
  });
});

describe('GotoIf, Goto, labels and Set in a scenario dialplan', () => {
  let s: Standin;
  afterEach(async () => {
    await s.stop();
  });

  it('branches on $[...] with true and false labels across contexts; an unknown label hangs up', async () => {
    s = await standin({
      dialplan: `
[branch]
exten => s,1,Set(MODE=\${CALLERID(num)})
 same => n,GotoIf($["\${MODE}" = "111" | \${MODE} = 222]?yes,s,ok:no)
 same => n(no),Set(RESULT=no)
 same => n,Wait(60)
[yes]
exten => s,1,NoOp()
 same => n(ok),Set(RESULT=yes)
 same => n,Goto(missing-label)
`,
    });
    const yes = s.placeCall({ from: '222', context: 'branch', to: 's' });
    const no = s.placeCall({ from: '333', context: 'branch', to: 's' });
    await s.waitForAmi('VarSet', (f) => f.Uniqueid === no.id && f.Variable === 'RESULT');
    expect(s.model.channels.get(no.id)?.vars.get('RESULT')).toBe('no');
    expect(await yes.ended).toBe(16);
    const results = s.sent.ami.filter((e) => e.name === 'VarSet' && Object.fromEntries(e.fields).Uniqueid === yes.id && Object.fromEntries(e.fields).Variable === 'RESULT');
    expect(results.map((e) => Object.fromEntries(e.fields).Value)).toEqual(['yes']);
    // The rest of the shipped dialplan is still there.
    expect(s.model.dialplan.has('dispatchers')).toBe(true);
    no.hangup();
  });

  it('a scenario dialplan replaces a context of the shipped one', async () => {
    s = await standin({ dialplan: '[hotline]\nexten => 1551,1,Set(REPLACED=1)\n same => n,Hangup(21)\n' });
    const call = s.placeCall({ from: '0501234567' });
    expect(await call.ended).toBe(21);
    expect(s.sent.ami.some((e) => e.name === 'VarSet' && Object.fromEntries(e.fields).Variable === 'REPLACED')).toBe(true);
  });
});
