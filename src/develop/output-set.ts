import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ValueError } from '../errors.js';

/** The files a development run writes into its output directory. */
export const OUTPUT_ENTRIES: readonly string[] = ['model', 'report.html', 'results.json', 'predictions.csv'];

/**
 * A run's output directory, written as one set: everything goes into a staging directory beside
 * it (`.NAME.staging-PID-…`), which replaces the directory in one rename on {@link commit}. Until
 * then the previous set stays whole; on an error, or on exit (Ctrl-C through `process.exit`), the
 * staging directory is removed. Debris of a killed run (SIGKILL) is cleaned by the next `open`.
 */
export class OutputSet {
  /** The output directory as given. */
  readonly dir: string;
  /** Where the new set is written until commit. */
  readonly staging: string;
  private done = false;
  private readonly onExit = (): void => this.abort();

  private constructor(dir: string, staging: string) {
    this.dir = dir;
    this.staging = staging;
    process.on('exit', this.onExit);
  }

  /**
   * Check that `dir` can take a new output set and create the staging directory beside it, before
   * any work is done: `dir` must be absent or a directory holding only clinreg outputs
   * (model/, report.html, results.json, predictions.csv), and its parent must be writable. Cleans
   * staging debris of earlier killed runs (and puts back a set that a kill left moved aside).
   * @param dir the output directory.
   * @throws ValueError naming the path when it is a file, holds other files, or is not writable.
   * @example const out = develop.OutputSet.open('results'); … out.commit();
   */
  static open(dir: string): OutputSet {
    if (typeof dir !== 'string' || dir.trim() === '') throw new ValueError(`OutputSet.open: dir must name a directory. Received: ${JSON.stringify(dir)}.`);
    const abs = resolve(dir);
    const parent = dirname(abs);
    cleanDebris(abs);
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory()) {
        throw new ValueError(`output directory ${dir}: it is a file. Fix: give --out a directory name (new or an earlier run's).`);
      }
      const foreign = readdirSync(abs).filter((e) => !OUTPUT_ENTRIES.includes(e));
      if (foreign.length > 0) {
        throw new ValueError(
          `output directory ${dir}: holds files that are not clinreg outputs (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
            'a run replaces the whole directory. Fix: choose a new or empty directory.',
        );
      }
      // The swap removes the previous set: every folder of it must be writable, or the run would
      // fail only after training, with the new set in place and the old one left behind.
      for (const folder of [abs, join(abs, 'model')]) {
        if (folder !== abs && !existsSync(folder)) continue;
        try {
          accessSync(folder, constants.W_OK);
        } catch (err) {
          throw new ValueError(`output directory ${dir}: ${folder === abs ? 'it is' : 'its model/ folder is'} read-only (${errCode(err)}); a run replaces the previous set. Fix: make it writable or choose another --out.`);
        }
      }
    }
    const staging = join(parent, `.${basename(abs)}.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(parent, { recursive: true });
      mkdirSync(staging);
    } catch (err) {
      throw new ValueError(`output directory ${dir}: cannot write in ${parent} (${errCode(err)}). Fix: choose a writable place for --out.`);
    }
    return new OutputSet(dir, staging);
  }

  /** Path of an entry inside the staging directory. */
  path(entry: string): string {
    return join(this.staging, entry);
  }

  /**
   * Replace the output directory by the staging directory. If a kill lands between moving the
   * old set aside and the final rename, the next `open` moves it back.
   * @throws the fs error when a rename fails (the previous set is then put back).
   */
  commit(): void {
    if (this.done) throw new ValueError('OutputSet.commit: this output set was already committed or aborted.');
    const abs = resolve(this.dir);
    const old = `${this.staging.replace('.staging-', '.old-')}`;
    const hadOld = existsSync(abs);
    if (hadOld) renameSync(abs, old);
    try {
      renameSync(this.staging, abs);
    } catch (err) {
      if (hadOld) renameSync(old, abs);
      throw err;
    }
    this.done = true;
    process.off('exit', this.onExit);
    // The new set is in place: a previous set that cannot be removed now is debris for the next open.
    if (hadOld) {
      try {
        rmSync(old, { recursive: true, force: true });
      } catch {
        // left for cleanDebris
      }
    }
  }

  /** Remove the staging directory; the previous set is untouched. Idempotent. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    process.off('exit', this.onExit);
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Remove `.NAME.staging-PID-*` of dead processes; restore or remove `.NAME.old-PID-*`. */
function cleanDebris(abs: string): void {
  const parent = dirname(abs);
  const name = basename(abs);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return; // parent does not exist yet (or is unreadable: open's mkdir reports it)
  }
  const prefix = `.${name}.`;
  for (const e of entries) {
    if (!e.startsWith(prefix)) continue;
    const m = /^(staging|old)-(\d+)-[0-9a-f]+$/.exec(e.slice(prefix.length));
    if (m === null || isAlive(Number(m[2]))) continue;
    const path = join(parent, e);
    try {
      if (m[1] === 'old' && !existsSync(abs)) renameSync(path, abs);
      else rmSync(path, { recursive: true, force: true });
    } catch (err) {
      throw new ValueError(`output directory ${basename(abs)}: cannot remove ${path}, left by an interrupted run (${errCode(err)}). Fix: remove it, or make its folder writable.`);
    }
  }
}

function errCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : String(err);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}
