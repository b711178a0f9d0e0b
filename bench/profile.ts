// Reading a V8 CPU profile (`node --cpu-prof`): the functions with the most self time.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  /** `function (file:line)`, file relative to the repository when inside it. */
  where: string;
  selfMs: number;
  /** Share of all sampled time, 0..1. */
  share: number;
}

/** The `top` functions by self time, summed over every node of the same function. */
export function topSelfTime(profile: CpuProfile, top: number, repoRoot: string): SelfTime[] {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the next delta to sample i (V8's convention).
    const us = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, us));
  }
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byNode.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '');
    const where = `${functionName || '(anonymous)'} (${file || 'native'}${file ? `:${lineNumber + 1}` : ''})`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + us);
    total += us;
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, us]) => ({ where, selfMs: us / 1000, share: total > 0 ? us / total : 0 }));
}

export type { CpuProfile };
