// jest globalSetup (see checkout-guard.ts and scratch.ts).
import * as checkout from './checkout-guard';
import * as scratch from './scratch';

export default function setup(): void {
  checkout.setup();
  scratch.setup();
}
