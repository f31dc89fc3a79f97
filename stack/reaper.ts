import { spawn } from 'node:child_process';

// Plain JavaScript run by `node -e`: it must not depend on tsx or on this repository being readable.
const SCRIPT = `
const fs = require('fs'), path = require('path');
const dir = process.env.VIGIE_REAPER_DIR, watch = Number(process.env.VIGIE_REAPER_WATCH);
const removeDir = process.env.VIGIE_REAPER_REMOVE === '1';
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const groups = () => {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'stack.json'), 'utf8'));
    return [s.kafka && s.kafka.pid, s.elasticsearch && s.elasticsearch.pid].filter(Boolean);
  } catch (e) { return []; }
};
const kill = (g, sig) => { try { process.kill(-g, sig); } catch (e) { /* group already gone */ } };
const tick = setInterval(() => {
  if (!fs.existsSync(dir)) process.exit(0);
  if (alive(watch)) return;
  clearInterval(tick);
  const gs = groups();
  gs.forEach((g) => kill(g, 'SIGTERM'));
  const deadline = Date.now() + 20000;
  const wait = setInterval(() => {
    if (gs.some(alive) && Date.now() < deadline) return;
    clearInterval(wait);
    gs.forEach((g) => kill(g, 'SIGKILL'));
    if (removeDir) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }, 250);
}, 1000);
`;

/**
 * Starts a detached watchdog that stops the stack in `dir` as soon as process `watchPid` is gone
 * (a test run killed with Ctrl-C or by a CI timeout never reaches its teardown), then deletes
 * `dir` when `removeDir` is set. It exits by itself once `dir` no longer exists. Returns its pid.
 */
export function startReaper(dir: string, watchPid: number, removeDir: boolean): number {
  const child = spawn(process.execPath, ['-e', SCRIPT], {
    detached: true,
    stdio: 'ignore',
    env: { VIGIE_REAPER_DIR: dir, VIGIE_REAPER_WATCH: String(watchPid), VIGIE_REAPER_REMOVE: removeDir ? '1' : '0' },
  });
  child.unref();
  return child.pid ?? 0;
}
