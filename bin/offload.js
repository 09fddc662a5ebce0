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

// Memory, bounded by default: V8 lets the young generation grow to tens of MB per semi-space under a
// busy API's allocation rate (about 70 MB of RSS at 5,000 submits/s, measured), and takes the bound
// only at start. So the process replaces itself once (same pid, same stdio) with the flag added,
// unless the flag is already given (in argv or NODE_OPTIONS). Where process.execve does not exist
// (Node < 23.11, Windows) it runs as it is.
const SEMI_SPACE_FLAG = '--max-semi-space-size';
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((f) => f.startsWith(SEMI_SPACE_FLAG));
if (!given && typeof process.execve === 'function' && process.platform !== 'win32') {
  process.execve(process.execPath, [process.execPath, `${SEMI_SPACE_FLAG}=8`, ...process.execArgv, ...process.argv.slice(1)], process.env);
}
await import('../src/cli/main.ts');
