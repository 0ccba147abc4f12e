#!/usr/bin/env node
// dist/ is minified: with --debug, stack traces point into src/ through the source maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
  process.stderr.write('error: itscope-hooks is not built yet\nfix:   run `npm run build` in its folder (`npm ci` builds it too)\n');
  process.exit(2);
}
await cli.main(process.argv);
