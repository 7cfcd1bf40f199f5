import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { StandinContext } from '../context';
import type { AmiEvent } from '../model/call-model';
import { AmiSession } from './session';
import { MessageParser, field, encodeMessage, type AmiFields } from './framing';
import { amiActions } from './actions';
import { asteriskTime } from '../model/channel';

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

/** The AMI TCP server: banner, Login/Logoff, actions, and the event stream to logged-in sessions. */
export class AmiServer {
  private server: net.Server | undefined;
  readonly sessions = new Set<AmiSession>();
  private readonly actions: ReturnType<typeof amiActions>;
  private readonly onEvent = (ev: AmiEvent): void => this.broadcast(ev);
  port = 0;

  constructor(
    private readonly ctx: StandinContext,
    private readonly host = '127.0.0.1',
  ) {
    this.actions = amiActions(ctx);
  }

  async start(port: number): Promise<number> {
    this.ctx.model.on('ami', this.onEvent);
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const s = new AmiSession(socket, this.ctx.faults);
    this.sessions.add(s);
    const parser = new MessageParser();
    socket.on('data', (chunk: string) => {
      // After a failed login Asterisk reads nothing more from the session.
      for (const msg of parser.feed(chunk)) if (!s.refusing) void this.handle(s, msg);
    });
    socket.on('close', () => {
      s.closed = true;
      this.sessions.delete(s);
    });
    socket.on('error', () => undefined);
    s.write(BANNER);
  }

  private async handle(s: AmiSession, msg: AmiFields): Promise<void> {
    const action = field(msg, 'Action');
    const actionId = field(msg, 'ActionID');
    const id: AmiFields = actionId !== undefined ? [['ActionID', actionId]] : [];
    if (!action) {
      s.send([['Response', 'Error'], ...id, ['Message', 'Missing action in request']]);
      return;
    }
    const name = action.toLowerCase();
    if (this.ctx.keepRecord !== false) this.ctx.record.amiActions.push({ at: Date.now(), action, fields: Object.fromEntries(msg) });
    if (name === 'login') return this.login(s, msg, id);
    if (name === 'logoff') {
      s.send([['Response', 'Goodbye'], ...id, ['Message', 'Thanks for all the fish.']]);
      s.close();
      return;
    }
    if (!s.authenticated) {
      s.send([['Response', 'Error'], ...id, ['Message', 'Permission denied']]);
      return;
    }
    const handler = this.actions[name];
    if (!handler) {
      s.send([['Response', 'Error'], ...id, ['Message', `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`]]);
      return;
    }
    try {
      await handler(s, msg, id);
    } catch (e) {
      s.send([['Response', 'Error'], ...id, ['Message', e instanceof Error ? e.message : 'Internal error']]);
    }
  }

  private login(s: AmiSession, msg: AmiFields, id: AmiFields): void {
    const { amiUser, amiSecret } = this.ctx.credentials;
    if (field(msg, 'Username') !== amiUser || field(msg, 'Secret') !== amiSecret) {
      // Asterisk waits a moment before refusing, then drops the connection.
      s.refusing = true;
      this.ctx.model.clock.after(1000, () => {
        s.send([['Response', 'Error'], ...id, ['Message', 'Authentication failed']]);
        s.close();
      });
      return;
    }
    s.authenticated = true;
    s.username = amiUser;
    const events = field(msg, 'Events');
    if (events !== undefined) s.events = /^off$/i.test(events) ? 'off' : new Set(events.toLowerCase().split(',').map((x) => x.trim()));
    s.send([['Response', 'Success'], ...id, ['Message', 'Authentication accepted']]);
    const uptime = String(Math.floor((Date.now() - this.ctx.model.startedAt) / 1000));
    this.sendEvent(s, { name: 'FullyBooted', privilege: 'system,all', fields: [['Uptime', uptime], ['LastReload', uptime], ['Status', 'Fully Booted']] });
    const addr = s.socket.localAddress ?? '127.0.0.1';
    const tv = asteriskTime(s.connectedAt);
    this.sendEvent(s, {
      name: 'SuccessfulAuth',
      privilege: 'security,all',
      fields: [['EventTV', asteriskTime()], ['Severity', 'Informational'], ['Service', 'AMI'], ['EventVersion', '1'], ['AccountID', amiUser], ['SessionID', s.sessionId], ['LocalAddress', `IPV4/TCP/${addr}/${this.port}`], ['RemoteAddress', `IPV4/TCP/${s.socket.remoteAddress ?? ''}/${s.socket.remotePort ?? 0}`], ['UsingPassword', '0'], ['SessionTV', tv]],
    });
  }

  private sendEvent(s: AmiSession, ev: AmiEvent): void {
    const fields: AmiFields = [['Event', ev.name], ['Privilege', ev.privilege], ...ev.fields];
    if (!s.wantsEvent(ev.privilege, encodeMessage(fields))) return;
    s.send(fields);
  }

  private broadcast(ev: AmiEvent): void {
    let times = 1;
    const dup = this.ctx.faults.duplicateAmi.get(ev.name);
    if (dup) {
      times = 2;
      if (dup <= 1) this.ctx.faults.duplicateAmi.delete(ev.name);
      else this.ctx.faults.duplicateAmi.set(ev.name, dup - 1);
    }
    for (const s of this.sessions) for (let i = 0; i < times; i++) this.sendEvent(s, ev);
  }

  /** Fault: a frame no AMI parser expects (no colon lines, stray bytes), to every session. */
  sendMalformed(): void {
    for (const s of this.sessions) s.write('Event: Broken\r\nthis line has no colon\r\n\u0000\u0001garbage\r\n\r\n: empty key\r\n\r\n');
  }

  /** Fault: drop every AMI connection abruptly. */
  dropAll(): void {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
  }

  async stop(): Promise<void> {
    this.ctx.model.off('ami', this.onEvent);
    this.dropAll();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
