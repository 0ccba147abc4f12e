/**
 * The page and its assets, built by scripts/build.js into dist/inspector/ and served from
 * there: nothing comes from a CDN, so the inspector works offline. Read once at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  type: string;
  body: Buffer;
}

export interface Assets {
  /** The page, with the per-run token in its `<meta name="inspector-token">`. */
  page(token: string): string;
  get(name: string): Asset | undefined;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

const FILES = ['app.js', 'app.css', 'favicon.svg'];

/** dist/inspector/ seen from this module: a chunk in dist/chunks/, dist/ itself, or the source in src/inspector/. */
export function findAssetsDir(): string {
  const candidates = ['../inspector/', './inspector/', '../../dist/inspector/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const found = candidates.find((dir) => existsSync(`${dir}index.html`));
  if (!found) throw new Error(`the inspector's page is not built (looked in ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

export function loadAssets(dir = findAssetsDir()): Assets {
  const html = readFileSync(`${dir}index.html`, 'utf8');
  const files = new Map<string, Asset>();
  for (const name of FILES) {
    const ext = name.slice(name.lastIndexOf('.') + 1);
    files.set(name, { type: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(`${dir}${name}`) });
  }
  return {
    page: (token) => html.replace('__INSPECTOR_TOKEN__', token),
    get: (name) => files.get(name),
  };
}
