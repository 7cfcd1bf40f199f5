import { toE164 } from '../../core/phone';

/** The caller id as E.164, or null when it is hidden ('anonymous', empty) or not a dialable number. */
export function callerE164(callerId: string | null | undefined, region = 'UA'): string | null {
  return toE164(callerId, region);
}
