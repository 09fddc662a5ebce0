#!/usr/bin/env node
// The `offload` command. The source is TypeScript run by Node's built-in type stripping (Node ≥ 22.18);
// `npm install` installs Node 24 as a dev dependency and npm/npx put it first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `offload needs Node.js >= 22.18 (this is ${process.version}). Run it through npm (npx offload …, npm start), ` +
      'which uses the Node 24 that `npm install` installed, or install Node 24.',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
