import { readConfigOrExit, describeConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { composeKontakt } from './compose';
import { logUnhandledRejections } from './unhandled-rejections';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  logUnhandledRejections(logger);
  logger.info({ config: describeConfig(config) }, 'starting Kontakt');
  const kontakt = await composeKontakt(config, logger);
  const port = await kontakt.listen();
  logger.info({ port }, `Kontakt is listening: http://localhost:${port}/`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await kontakt.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Kontakt failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
