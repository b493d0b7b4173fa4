/**
 * Adam (Kingma and Ba, ICLR 2015) on plain Float64Arrays, so that the
 * optimizer state is plain JSON in snapshots.
 *
 * @module
 */

import type { StateDigest } from './state-digest.js';
import { badSnapshot, packFloat64, snapFloat64, snapNumber, snapObject } from './validate.js';

/** Hyper-parameters of {@link Adam}. */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Adam state for a list of parameter arrays; updates them in place. */
export class Adam {
  private m: Float64Array[];
  private v: Float64Array[];
  private t = 0;

  constructor(
    private readonly options: AdamOptions,
    sizes: readonly number[],
  ) {
    this.m = sizes.map((n) => new Float64Array(n));
    this.v = sizes.map((n) => new Float64Array(n));
  }

  /** One descent step on `params` with gradients `grads` (same shapes). */
  step(params: readonly Float64Array[], grads: readonly Float64Array[]): void {
    const { learningRate, beta1, beta2, epsilon } = this.options;
    this.t += 1;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const lr = (learningRate * Math.sqrt(c2)) / c1;
    for (let k = 0; k < params.length; k++) {
      const p = params[k] as Float64Array;
      const g = grads[k] as Float64Array;
      const m = this.m[k] as Float64Array;
      const v = this.v[k] as Float64Array;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i] as number;
        const mi = beta1 * (m[i] as number) + (1 - beta1) * gi;
        const vi = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = (p[i] as number) - (lr * mi) / (Math.sqrt(vi) + epsilon);
      }
    }
  }

  /** State as plain JSON. */
  save(): unknown {
    return { t: this.t, m: this.m.map(packFloat64), v: this.v.map(packFloat64) };
  }

  /** Adds the state (step count and both moments) to `digest`. */
  digest(digest: StateDigest): void {
    digest.numbers([this.t]);
    for (const a of [...this.m, ...this.v]) digest.numbers(a);
  }

  /** Validates a saved state; returns a function that installs it. */
  load(state: unknown, path: readonly (string | number)[]): () => void {
    const s = snapObject(state, path);
    const t = snapNumber(s.t, [...path, 't'], true);
    const read = (key: 'm' | 'v'): Float64Array[] => {
      const list = s[key];
      if (!Array.isArray(list) || list.length !== this.m.length) badSnapshot([...path, key], `${this.m.length} arrays`, list);
      return list.map((a, k) => snapFloat64(a, [...path, key, k], (this.m[k] as Float64Array).length));
    };
    const m = read('m');
    const v = read('v');
    return () => {
      this.t = t;
      this.m = m;
      this.v = v;
    };
  }
}
