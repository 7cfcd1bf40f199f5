/** One simulated channel, with the two faces it shows: ARI JSON and AMI header fields. */
export type ChannelState = 'Down' | 'Rsrvd' | 'OffHook' | 'Dialing' | 'Ring' | 'Ringing' | 'Up' | 'Busy';

export const STATE_CODE: Record<ChannelState, number> = {
  Down: 0,
  Rsrvd: 1,
  OffHook: 2,
  Dialing: 3,
  Ring: 4,
  Ringing: 5,
  Up: 6,
  Busy: 7,
};

export interface CallerId {
  name: string;
  number: string;
}

export interface AriChannelJson {
  id: string;
  name: string;
  state: ChannelState;
  protocol_id: string;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
}

/** Asterisk's timestamp format: 2026-11-29T04:01:07.479+0000 */
export function asteriskTime(d: Date = new Date()): string {
  return d.toISOString().replace('Z', '+0000');
}

export class Channel {
  state: ChannelState;
  caller: CallerId;
  connected: CallerId;
  accountcode = '';
  language = 'en';
  context: string;
  exten: string;
  priority = 1;
  appName = '';
  appData = '';
  readonly created = new Date();
  readonly vars = new Map<string, string>();
  /** Stasis application the channel is in right now, if any. */
  stasisApp: string | undefined;
  /** Applications that receive this channel's ARI events (Stasis, or originated by the app). */
  readonly subscribedApps = new Set<string>();
  /** The other half of a Local channel pair. */
  localPeer: Channel | undefined;
  /** The phone device a Local member's ;2 half stands for (`PJSIP/101`): its state follows this channel. */
  phoneDevice: string | undefined;
  /** The channel this one talks to (queue or Dial bridge), for DTMF and hangup propagation. */
  bridgedTo: Channel | undefined;
  bridgeId: string | undefined;
  hungUp = false;
  hangupCause = 0;
  /** Aborted when the channel hangs up: stops Wait(), ringing, scripts. */
  readonly life = new AbortController();
  /** Aborted to pull the channel out of whatever the dialplan runner waits on (continue). */
  interrupt = new AbortController();
  /** Listeners for digits arriving on this channel (simulated phones' scripts, Stasis). */
  readonly dtmfHandlers = new Set<(digit: string) => void>();
  /** Who answered: resolves when state goes Up. */
  readonly answerWaiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly linkedid: string,
    init: { state: ChannelState; caller: CallerId; context: string; exten: string; priority?: number; appName?: string; appData?: string },
  ) {
    this.state = init.state;
    this.caller = { ...init.caller };
    this.connected = { ...init.caller };
    this.context = init.context;
    this.exten = init.exten;
    this.priority = init.priority ?? 1;
    this.appName = init.appName ?? '';
    this.appData = init.appData ?? '';
  }

  toAri(): AriChannelJson {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      protocol_id: '',
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: this.accountcode,
      dialplan: {
        context: this.context,
        exten: this.exten,
        priority: this.priority,
        app_name: this.appName,
        app_data: this.appData,
      },
      creationtime: asteriskTime(this.created),
      language: this.language,
    };
  }

  /** The standard channel block of AMI events, optionally with a key prefix (Dest...). */
  amiFields(prefix = ''): Array<[string, string]> {
    const unknown = (v: string): string => (v === '' ? '<unknown>' : v);
    const p = (k: string): string => prefix + k;
    return [
      [p('Channel'), this.name],
      [p('ChannelState'), String(STATE_CODE[this.state])],
      [p('ChannelStateDesc'), this.state],
      [p('CallerIDNum'), unknown(this.caller.number)],
      [p('CallerIDName'), unknown(this.caller.name)],
      [p('ConnectedLineNum'), unknown(this.connected.number)],
      [p('ConnectedLineName'), unknown(this.connected.name)],
      [p('Language'), this.language],
      [p('AccountCode'), this.accountcode],
      [p('Context'), this.context],
      [p('Exten'), this.exten],
      [p('Priority'), String(this.priority)],
      [p('Uniqueid'), this.id],
      [p('Linkedid'), this.linkedid],
    ];
  }

  /** Simulated technology name (PJSIP, Local) */
  get tech(): string {
    return this.name.split('/')[0];
  }
}
