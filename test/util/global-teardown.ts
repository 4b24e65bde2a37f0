// jest globalTeardown (see checkout-guard.ts).
export { teardown as default } from './checkout-guard';
