import fs from 'node:fs';
import path from 'node:path';

/** Files the compiled server reads beside its code (the console, the public site, the fallback prompt). */
const ASSETS = ['console/static', 'public-site/static', 'ivr/speech/assets'];

const root = path.resolve(__dirname, '..');
for (const dir of ASSETS) {
  fs.cpSync(path.join(root, dir), path.join(root, 'dist', dir), { recursive: true });
}
process.stdout.write(`copied ${ASSETS.join(', ')} into dist/\n`);
