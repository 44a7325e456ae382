// Whether this run is the long form of a test file (`npm run soak`, `npm run fuzz`; see
// scripts/long-run.mjs). `npm test` runs the short form.
export function isLongRun(which: 'soak' | 'fuzz'): boolean {
  return process.env['CVM_LONG_RUN'] === which;
}
