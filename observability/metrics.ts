import crypto from 'node:crypto';
import type { Express, Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import { Registry, Gauge, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  ariReady: () => boolean | null;
  amiReady: () => boolean | null;
  ariReconnects: () => number;
  amiReconnects: () => number;
  liveIvrCalls: () => number;
  pendingCallRecords: () => number;
  /** Call records the database refused since start (each is in the log at error level). */
  refusedCallRecords: () => number;
  /** Pops whose caller's history was read on the way to the queue / when the phone rang. */
  popHistoryServed: () => { ahead: number; atRing: number } | null;
}

/**
 * How often the event loop's delay is sampled: each sample wakes the process. At prom-client's
 * default of 10 ms the monitor was a sixth of an idle server's CPU (6.4 ms/s; 2.2 at 50 ms);
 * 20 ms still catches any stall worth a look. Each figure includes it (the bench takes it off).
 */
export const EVENT_LOOP_RESOLUTION_MS = 20;

/**
 * Prometheus metrics: the process (event loop delay, memory) and the hotline's own state, read
 * when scraped so nothing is counted twice. No personal data is ever a label.
 */
export function createMetrics(sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kontakt_', eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  const gauge = (name: string, help: string, read: () => number | null) =>
    new Gauge({
      name, help, registers: [registry],
      collect() {
        const v = read();
        if (v !== null) this.set(v);
      },
    });
  const flag = (f: () => boolean | null) => () => {
    const v = f();
    return v === null ? null : Number(v);
  };
  gauge('kontakt_ari_ready', 'ARI connection to Asterisk is up (1) or down (0)', flag(sources.ariReady));
  gauge('kontakt_ami_ready', 'AMI connection to Asterisk is up (1) or down (0)', flag(sources.amiReady));
  gauge('kontakt_ari_reconnects', 'ARI reconnections since start', sources.ariReconnects);
  gauge('kontakt_ami_reconnects', 'AMI reconnections since start', sources.amiReconnects);
  gauge('kontakt_ivr_calls_live', 'Calls in the IVR now', sources.liveIvrCalls);
  gauge('kontakt_pops_history_read_ahead', 'Screen-pops whose caller history was read while the caller was on the way to the queue', () => sources.popHistoryServed()?.ahead ?? null);
  gauge('kontakt_pops_history_read_at_ring', 'Screen-pops that read the caller history when the phone rang (no fresh read ahead)', () => sources.popHistoryServed()?.atRing ?? null);
  gauge('kontakt_call_records_pending', 'Call records waiting to be written (the database is away when this grows)', sources.pendingCallRecords);
  gauge('kontakt_call_records_refused', 'Call records the database refused since start (each is logged whole at error level)', sources.refusedCallRecords);
  return registry;
}

function sameSecret(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

/** A request from this machine itself, not passed on by a proxy (which would make anyone look local). */
function fromLoopback(req: Request): boolean {
  const a = req.socket.remoteAddress ?? '';
  const local = a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
  return local && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];
}

/**
 * GET /metrics for Prometheus. The figures say how busy the centre is and are nobody else's
 * business: with a token, only `Authorization: Bearer <token>` reads them; without one, only
 * this machine (loopback) does.
 */
export function mountMetrics(app: Express, registry: Registry, token?: string): void {
  app.get('/metrics', async (req, res) => {
    if (token) {
      const given = /^Bearer\s+(.+)$/.exec(req.headers.authorization ?? '')?.[1]?.trim();
      if (!given || !sameSecret(given, token)) throw new UnauthorizedError('metrics_token_required', 'Потрібен токен метрик (METRICS_TOKEN)');
    } else if (!fromLoopback(req)) {
      throw new ForbiddenError('metrics_local_only', 'Метрики доступні лише з цієї машини або з токеном METRICS_TOKEN');
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  });
}
