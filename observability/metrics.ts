import type { Express } from 'express';
import { Registry, Gauge, collectDefaultMetrics } from 'prom-client';

export interface MetricSources {
  ariReady: () => boolean | null;
  amiReady: () => boolean | null;
  ariReconnects: () => number;
  amiReconnects: () => number;
  liveIvrCalls: () => number;
  pendingCallRecords: () => number;
}

/**
 * Prometheus metrics: the process (event loop delay, memory) and the hotline's own state, read
 * when scraped so nothing is counted twice. No personal data is ever a label.
 */
export function createMetrics(sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kontakt_' });
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
  gauge('kontakt_call_records_pending', 'Call records waiting to be written (the database is away when this grows)', sources.pendingCallRecords);
  return registry;
}

export function mountMetrics(app: Express, registry: Registry): void {
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
}
