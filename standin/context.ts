import type { CallModel } from './model/call-model';
import type { Runner } from './model/dialplan-runner';
import type { PlaybackManager } from './model/playback';

/** Faults switched on by tests: read by the ARI and AMI servers as they answer. */
export interface FaultState {
  /** Delay before every ARI REST answer (a slow PBX). */
  restDelayMs: number;
  /** Event types / names to send twice, with how many more times to do it. */
  duplicateAri: Map<string, number>;
  duplicateAmi: Map<string, number>;
  /** Write AMI output in small random pieces, as a loaded socket splits it. */
  splitAmiWrites: boolean;
  /** Leave REST requests sent over an events socket unanswered, as Asterisk before 22.4 does. */
  ignoreSocketRequests?: boolean;
}

export interface RestRecord {
  at: number;
  method: string;
  path: string;
  status: number;
  response: unknown;
  /** How the request came: over HTTP, or as a RESTRequest on an events socket. */
  via: 'http' | 'socket';
}

export interface AmiActionRecord {
  at: number;
  action: string;
  fields: Record<string, string>;
}

/** What the application did, for tests to read back. */
export interface Recorder {
  rest: RestRecord[];
  amiActions: AmiActionRecord[];
}

export interface Credentials {
  ariUser: string;
  ariPassword: string;
  amiUser: string;
  amiSecret: string;
}

export interface BridgeRecord {
  id: string;
  name: string;
  type: string;
  channels: Set<string>;
  created: Date;
}

export interface StandinContext {
  model: CallModel;
  runner: Runner;
  playbacks: PlaybackManager;
  bridges: Map<string, BridgeRecord>;
  faults: FaultState;
  record: Recorder;
  /** False stops filling `record` (benchmarks: it would grow with every request). */
  keepRecord?: boolean;
  /** Told of every ARI REST request as it arrives (the benchmark's control channel). */
  observe?: { restRequest(method: string, path: string): void };
  credentials: Credentials;
}
