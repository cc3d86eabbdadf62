// Process entry: start on PORT, stop on SIGTERM/SIGINT (the deploy target's stop signal).
import { optionsFromEnv, startServer } from './server.js';

const running = await startServer({ ...optionsFromEnv(process.env), onError: (error) => console.error('unhandled error in a handler:', error) });
console.log(`example-service listening on ${running.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
