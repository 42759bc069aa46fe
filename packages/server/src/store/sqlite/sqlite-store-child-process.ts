/**
 * Run by sqlite-store.test.ts in several processes at once, against one file, to prove cross-process
 * safety: `migrate PATH START_AT` or `deploy PATH START_AT PROJECT_ID COUNT`. Waits until START_AT
 * (epoch ms) so that processes with different start-up times overlap, then prints the deployment
 * numbers it got as JSON.
 */
import { createSqliteStore } from './sqlite-store.ts';

const [command, path, startAt, projectId, count] = process.argv.slice(2);
if (path === undefined || startAt === undefined) throw new Error('usage: migrate|deploy PATH START_AT …');

const store = createSqliteStore({ path });
try {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now() - 20)));
  // The last milliseconds spin: timers fire up to a few ms late, and the overlap is what is tested.
  while (Date.now() < Number(startAt)) {}
  await store.migrate();
  const numbers: number[] = [];
  if (command === 'deploy' && projectId !== undefined) {
    for (let index = 0; index < Number(count); index++) {
      numbers.push(
        (await store.deployments.create(projectId, { pid: process.pid, index }, Date.now())).number,
      );
    }
  }
  process.stdout.write(JSON.stringify(numbers));
} finally {
  await store.close();
}
