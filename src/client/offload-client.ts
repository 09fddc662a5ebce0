// The typed HTTP client is the package in clients/typescript (published as @offload/client); the
// CLI and the tests use its source through this module, so there is one client, not two.
export * from '../../clients/typescript/src/index.ts';
