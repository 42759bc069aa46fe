import type { FlowProblem } from '@flowgate/server/studio-contract';

/** Stable React keys for a problem list: what the problem says, plus a counter for exact repeats. */
export function keyedProblems(problems: readonly FlowProblem[]): { key: string; problem: FlowProblem }[] {
  const seen = new Map<string, number>();
  return problems.map((problem) => {
    const base = [problem.code, problem.nodeId ?? '', problem.field ?? '', problem.message].join('|');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count === 0 ? base : `${base}#${count}`, problem };
  });
}
