import type { CvmBridge } from '../src-main/contract';

declare global {
  interface Window {
    /** Installed by the preload (or by the e2e harness); only api.ts may touch it. */
    cvm?: CvmBridge;
  }
}

export {};
