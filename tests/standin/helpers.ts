import Ari from 'ari-client';
import AsteriskManager from 'asterisk-manager';
import { startStandin, type Standin, type StandinOptions } from '../../standin/scenario';

export const TIME_SCALE = 0.02;

export async function standin(opts: StandinOptions = {}): Promise<Standin> {
  return startStandin({ timeScale: TIME_SCALE, ...opts });
}

/** ari-client prints a deprecation warning for Swagger 1.1 listings; keep test output quiet. */
export async function ariClient(s: Standin, app = 'kontakt'): Promise<Ari.Client> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const client = await Ari.connect(s.ariUrl, 'kontakt', 'kontakt-secret');
    await client.start(app);
    await s.waitFor(() => s.model.apps.get(app)?.active, 3000, 'app active');
    return client;
  } finally {
    console.warn = warn;
  }
}

export function amiClient(s: Standin, secret = 'kontakt-secret'): Promise<AsteriskManager.Manager> {
  return new Promise((resolve, reject) => {
    const ami = AsteriskManager(undefined, '127.0.0.1', 'kontakt', secret, true);
    ami.connect(s.amiPort, '127.0.0.1', () => ami.login((err) => (err ? reject(err) : resolve(ami))));
  });
}

export function stopAri(client: Ari.Client): void {
  try {
    client.stop();
  } catch {
    // already closed
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type AmiMsg = AsteriskManager.ManagerMessage;

/** One AMI action through asterisk-manager, its answer as a promise. */
export function amiAction(ami: AsteriskManager.Manager, a: AsteriskManager.ManagerAction): Promise<AmiMsg> {
  return new Promise((resolve, reject) => {
    ami.action(a, (err, res) => (err ? reject(err) : resolve(res as AmiMsg)));
  });
}

/** Every event asterisk-manager delivers from now on (keys lower-cased, as it gives them). */
export function collectAmi(ami: AsteriskManager.Manager): AmiMsg[] {
  const out: AmiMsg[] = [];
  ami.on('managerevent', (e: AmiMsg) => out.push(e));
  return out;
}
