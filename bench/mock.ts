// Child process: the mock provider (the project's stand-in), in a process of its own so
// its CPU is accounted apart from the proxy under test. Prints one JSON line with its URL.
//
// Usage: node bench/mock.ts [streamChunkDelayMs]   (0, the default, writes each stream at once)
import { startStandin } from '../src/standin/index.ts';

const streamChunkDelayMs = Number(process.argv[2] ?? 0);
const standin = await startStandin({ port: 0, streamChunkDelayMs });
process.stdout.write(`${JSON.stringify({ url: standin.url, pid: process.pid })}\n`);

// The orchestrator holds our stdin open; when it ends (even if it was SIGKILLed) we go too.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
