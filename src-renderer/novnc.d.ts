// @novnc/novnc 1.7 exports core/rfb.js as the package root; the DefinitelyTyped package still
// names the old lib/rfb path. Point the root at those types.
declare module '@novnc/novnc' {
  export { default } from '@novnc/novnc/lib/rfb';
}
