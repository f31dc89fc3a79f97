/**
 * Runs one hostile case and measures what it cost: CPU time, the heap it kept (after a full GC) and
 * the highest heap seen while it ran (sampled), so every case can assert bounded memory.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface Measured<T> {
  value?: T;
  error?: unknown;
  /** CPU milliseconds (user + system) the case used: wall time would measure the machine's load,
   *  and these bounds exist to catch a super-linear blow-up, not a busy neighbour. */
  ms: number;
  /** Heap retained after the case, MB (after a full GC). */
  keptMb: number;
  /** Highest heap seen during the case above the starting heap, MB. */
  peakMb: number;
}

export async function measure<T>(fn: () => Promise<T> | T): Promise<Measured<T>> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = process.cpuUsage();
  const out: Measured<T> = { ms: 0, keptMb: 0, peakMb: 0 };
  try {
    out.value = await fn();
  } catch (e) {
    out.error = e;
  }
  const used = process.cpuUsage(t0);
  out.ms = (used.user + used.system) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  out.keptMb = (process.memoryUsage().heapUsed - base) / 1e6;
  out.peakMb = (peak - base) / 1e6;
  return out;
}

/** The error code of a thrown VigieError (or the class name of anything else). */
export function codeOf(e: unknown): string | undefined {
  if (e === undefined) return undefined;
  return (e as { code?: string }).code ?? (e as Error)?.constructor?.name ?? String(e);
}
