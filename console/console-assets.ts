import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { STATUS_NAMES, OPEN_STATUSES } from '../appeals/state-machine';

/** Where the console's sources live: plain ES modules, CSS and HTML (no build step for developers). */
export const CONSOLE_DIR = path.join(__dirname, 'static');

/** The browser build of the Socket.IO client shipped inside the `socket.io` package (same version as the server). */
const SOCKET_IO_CLIENT = path.join(path.dirname(require.resolve('socket.io/package.json')), 'client-dist', 'socket.io.esm.min.js');

/** One file as served: its bytes and their gzip and brotli forms, made once at start-up. */
export interface ServedFile {
  type: string;
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export interface ConsoleAssets {
  /** The page, with the hashed names of the bundle, the stylesheet and the icon. */
  index: ServedFile;
  /** By name under /assets/: content-hashed, so cached for a year. */
  files: Map<string, ServedFile>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

function served(name: string, body: Buffer): ServedFile {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    type: TYPES[path.extname(name)] ?? 'application/octet-stream',
    etag,
    identity: body,
    gzip: zlib.gzipSync(body, { level: 9 }),
    br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  };
}

/** The domain's own words for appeal states, so the console keeps no copy of them. */
const dictionary: Plugin = {
  name: 'kontakt-dictionary',
  setup(b) {
    b.onResolve({ filter: /\/dictionary\.js$/ }, () => ({ path: 'dictionary', namespace: 'kontakt' }));
    b.onResolve({ filter: /^kontakt:socket\.io$/ }, () => ({ path: SOCKET_IO_CLIENT }));
    b.onLoad({ filter: /^dictionary$/, namespace: 'kontakt' }, () => ({
      loader: 'js',
      contents: `export const STATUS_NAMES = ${JSON.stringify(STATUS_NAMES)};\nexport const OPEN_STATUSES = ${JSON.stringify(OPEN_STATUSES)};\n`,
    }));
  },
};

/**
 * Bundles the console at start-up (esbuild, in memory, tens of milliseconds): one script for
 * sign-in and the whole console, the Socket.IO client as a chunk loaded after sign-in, one
 * stylesheet; names carry content hashes and every file is kept gzip- and brotli-compressed.
 */
export async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const result = await build({
    entryPoints: { app: path.join(CONSOLE_DIR, 'js', 'main.js'), console: path.join(CONSOLE_DIR, 'css', 'console.css') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: true,
    legalComments: 'none',
    write: false,
    outdir: path.join(CONSOLE_DIR, '__assets'),
    publicPath: '/assets',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    plugins: [dictionary],
  });
  const files = new Map<string, ServedFile>();
  const outDir = path.join(CONSOLE_DIR, '__assets');
  for (const out of result.outputFiles) {
    const name = path.relative(outDir, out.path).split(path.sep).join('/');
    files.set(name, served(name, Buffer.from(out.contents)));
  }
  const icon = fs.readFileSync(path.join(CONSOLE_DIR, 'favicon.svg'));
  const iconName = `favicon-${crypto.createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
  files.set(iconName, served(iconName, icon));

  const named = (prefix: string, ext: string) => {
    const found = [...files.keys()].find((n) => n.startsWith(`${prefix}-`) && n.endsWith(ext));
    if (!found) throw new Error(`the console bundle has no ${prefix}${ext}`);
    return `/assets/${found}`;
  };
  const html = fs.readFileSync(path.join(CONSOLE_DIR, 'index.html'), 'utf8')
    .replace('/css/console.css', named('console', '.css'))
    .replace('/js/main.js', named('app', '.js'))
    .replace('/favicon.svg', `/assets/${iconName}`);
  return { index: served('index.html', Buffer.from(html)), files };
}
