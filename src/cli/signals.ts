// Ctrl-C and SIGTERM for every entry (main.ts and the start-up fast path): the first one aborts the
// command's signal so long work stops cleanly (exit 130), the second one ends the process at once.
export function abortOnSignals(controller: AbortController, stderr: (text: string) => void): void {
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) {
      // Second Ctrl-C: the user means it. process.exit() would wait for libuv's worker threads at
      // shutdown, and one stuck in a blocking syscall (a FIFO open, a hung NFS read) would keep
      // the process alive forever; re-raising the signal with its default action cannot be held.
      stderr(`\nspecgate: ${signal} again, exiting now\n`);
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    stderr(`\nspecgate: ${signal} received, stopping (press again to force)\n`);
    controller.abort(new Error(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
