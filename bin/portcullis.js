#!/usr/bin/env node
// Plain JavaScript that any Node can parse, so an old runtime gets one clear line instead
// of a syntax error from deep inside the gateway.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `portcullis needs Node.js >= 22.13 (this is ${process.version}); run it through npm (npm run demo, npx portcullis), which uses the project's pinned Node 24, or install Node 24 LTS.`,
  );
  process.exit(1);
}
import('../dist/cli/main.js').then((cli) => cli.main(process.argv.slice(2)));
