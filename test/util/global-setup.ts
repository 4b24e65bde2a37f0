// jest globalSetup (see checkout-guard.ts).
export { setup as default } from './checkout-guard';
