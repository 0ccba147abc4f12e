#!/usr/bin/env node
// CommonJS (bin/package.json), as dist/ is: Node loads it without its ES module loader.
'use strict';

// dist/ is minified: with --debug, stack traces point into src/ through the source maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

// Node 22.1 and later keep V8's compiled code of dist/ between runs, so a CI script that
// calls the CLI in a loop compiles it once (README, Benchmarks). The cache lives with the
// user's other caches, not in a shared temporary folder; NODE_DISABLE_COMPILE_CACHE=1
// turns it off, NODE_COMPILE_CACHE=DIR puts it elsewhere. Node 20 has no such cache.
const { enableCompileCache } = require('node:module');
if (enableCompileCache && !process.env.NODE_COMPILE_CACHE) {
  try {
    const { join } = require('node:path');
    const home = () => require('node:os').homedir();
    const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : join(home(), '.cache'));
    enableCompileCache(base ? join(base, 'itscope-hooks', 'compile-cache') : undefined);
  } catch {
    // a cache that cannot be set up only costs time
  }
}

let cli;
try {
  cli = require('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  process.stderr.write('error: itscope-hooks is not built yet\nfix:   run `npm run build` in its folder (`npm ci` builds it too)\n');
  process.exit(2);
}
cli.main(process.argv);
