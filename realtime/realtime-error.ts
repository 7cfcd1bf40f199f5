import type { Ack } from './contracts';

/** A refusal a console shows to a person: a machine-readable code and a Ukrainian message. */
export class RealtimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** For the server's own decisions (e.g. Asterisk's reply); never sent to the console. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }
}

/** Runs a handler for an acknowledged client event; any failure becomes `{ok:false, error}`. */
export async function answer<T>(ack: unknown, work: () => Promise<T>, onUnexpected: (err: unknown) => void): Promise<void> {
  if (typeof ack !== 'function') return;
  const reply = ack as (r: Ack<T>) => void;
  try {
    reply({ ok: true, data: await work() });
  } catch (err) {
    if (err instanceof RealtimeError) reply({ ok: false, error: { code: err.code, message: err.message } });
    else {
      onUnexpected(err);
      reply({ ok: false, error: { code: 'internal', message: 'Внутрішня помилка сервера, спробуйте ще раз' } });
    }
  }
}
