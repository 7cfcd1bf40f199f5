import type { ApiDeps } from '../deps';
import { route } from '../route-table';

export function healthRoutes({ readiness, logger }: ApiDeps) {
  return [
    route({
      method: 'get', path: '/healthz', tag: 'health', roles: 'public',
      summary: 'The process is up',
      handler: () => ({ status: 'ok' }),
    }),
    route({
      method: 'get', path: '/readyz', tag: 'health', roles: 'public',
      summary: 'Each dependency the server needs is reachable (503 when one is not)',
      handler: async ({ res }) => {
        const checks: Record<string, boolean> = {};
        await Promise.all(
          Object.entries(readiness).map(async ([name, probe]) => {
            try {
              checks[name] = await probe();
            } catch (err) {
              logger.warn({ err, dependency: name }, 'readiness probe failed');
              checks[name] = false;
            }
          }),
        );
        const ready = Object.values(checks).every(Boolean);
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
        return undefined;
      },
    }),
  ];
}
