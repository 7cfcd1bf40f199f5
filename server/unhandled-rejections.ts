import type { Logger } from '../core/logger';

/**
 * A failed promise that nobody waited for is a bug to fix, not a reason to drop every call on
 * the line: Node would end the process (and with it the IVR of every caller). It is logged at
 * error level and the server goes on. Thrown exceptions still end the process: after one, the
 * state may be half-changed.
 */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (err) => logger.error({ err }, 'a promise failed with nobody to handle it'));
}
