import { execSync } from 'node:child_process';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const AsteriskManager = require('asterisk-manager');
const ami = new AsteriskManager(5038, '127.0.0.1', 'kontakt', 'kontakt-secret', true);
const t0 = Date.now();
ami.on('managerevent', (e: any) => {
  if (/^(Agent|QueueMember|QueueCaller)/.test(e.event)) console.log(Date.now() - t0, e.event, e.interface ?? '', e.status ?? '', e.incall ?? '', e.paused ?? '');
});
setTimeout(() => {
  ami.action({ action: 'QueueAdd', queue: 'dispatchers-live', interface: 'Local/103@agents-long/n', stateinterface: 'Custom:103', membername: 'X', paused: 'false' }, () => {
    execSync('asterisk -rx "channel originate Local/s@live-queue application Wait 20"');
  });
}, 500);
setTimeout(() => {
  ami.action({ action: 'QueueRemove', queue: 'dispatchers-live', interface: 'Local/103@agents-long/n' }, () => process.exit(0));
}, 16000);
