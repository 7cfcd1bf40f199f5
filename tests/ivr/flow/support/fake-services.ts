import sinon, { SinonStub } from 'sinon';
import { IvrServices } from '../../../../ivr/ivr-services';
import { FlowLogger } from '../../../../ivr/flow/interpreter';
import { MEDIA_PREFIX } from './fake-call-channel';

export interface FakeServices extends IvrServices {
  outageAnnouncement: SinonStub<[], Promise<string>>;
  appealStatus: SinonStub<[string | null], Promise<string | null>>;
  mediaFor: SinonStub<[string], Promise<string>>;
}

/** IvrServices with sinon stubs; an Error makes that service reject. */
export function fakeServices(options: { outages?: string | Error; appealStatus?: string | null | Error } = {}): FakeServices {
  const outageAnnouncement = sinon.stub<[], Promise<string>>();
  if (options.outages instanceof Error) outageAnnouncement.rejects(options.outages);
  else outageAnnouncement.resolves(options.outages ?? '');
  const appealStatus = sinon.stub<[string | null], Promise<string | null>>();
  if (options.appealStatus instanceof Error) appealStatus.rejects(options.appealStatus);
  else appealStatus.resolves(options.appealStatus ?? null);
  const mediaFor = sinon.stub<[string], Promise<string>>().callsFake(async (text) => `${MEDIA_PREFIX}${text}`);
  return { outageAnnouncement, appealStatus, mediaFor };
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** A logger that keeps what it was told. */
export function recordingLogger(): FlowLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
