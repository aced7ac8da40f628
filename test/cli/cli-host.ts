// The CLI host behind run-cli.ts's runCliHosted (not a test file): a child process of one test
// process that runs clinreg's main() (src/cli/program.ts, what the executable src/cli/main.ts
// calls) for each request its parent sends over IPC, one at a time, with process.argv, the working
// directory, stdout and stderr set for that run, and answers { code, stdout, stderr } — what a
// clinreg process would have exited with and printed. A test file's hosted runs (usage and data-error
// checks, and successful runs of commands checked as processes elsewhere) then cost one CLI
// start-up (~0.25 s of CPU) in all instead of one each. Runs that change the
// environment (kernel tier, …) are never sent here: they need a process of their own.
import { main } from '../../src/cli/program.js';
// The default generator main()'s commands draw from when no seed reaches them: each run starts it
// at seed 0, as a fresh clinreg process does, so an earlier run's draws never change a later run.
import { manualSeed } from '../../src/stats/random.js';

/** One request of the parent. */
interface Request {
  id: number;
  args: string[];
  cwd: string;
}

type Write = typeof process.stdout.write;

/** `process.stdout.write` / `process.stderr.write` replaced by an appender for the length of one run. */
function capture(stream: NodeJS.WriteStream, sink: (s: string) => void): () => void {
  const original = stream.write;
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), done?: (err?: Error | null) => void): boolean => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
    const callback = typeof encoding === 'function' ? encoding : done;
    if (callback !== undefined) process.nextTick(callback);
    return true;
  }) as Write;
  return () => {
    stream.write = original;
  };
}

let queue: Promise<void> = Promise.resolve();

async function run(req: Request): Promise<void> {
  let stdout = '';
  let stderr = '';
  const argv = process.argv;
  const cwd = process.cwd();
  const restoreOut = capture(process.stdout, (s) => (stdout += s));
  const restoreErr = capture(process.stderr, (s) => (stderr += s));
  let code: number;
  try {
    // What the executable sees: run-output.ts writes the command line from process.argv.
    process.argv = [argv[0]!, 'clinreg', ...req.args];
    process.chdir(req.cwd);
    manualSeed(0);
    code = await main(req.args);
  } finally {
    process.chdir(cwd);
    process.argv = argv;
    restoreErr();
    restoreOut();
  }
  process.send!({ id: req.id, code, stdout, stderr });
}

process.on('message', (req: Request) => {
  queue = queue.then(() => run(req));
});
// The parent ends the host by closing the IPC channel (or dies): nothing keeps this process alive then.
process.on('disconnect', () => process.exit(0));
