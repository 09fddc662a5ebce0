import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3DriverOptions } from '../../src/files/s3-blob-driver.ts';

// A real S3-protocol server for the s3 driver's tests: s3rver on loopback, on a free port, with its
// files in a temp directory, and one bucket. When it cannot start the tests fail — under CI=true as
// anywhere else: the s3 driver is never silently untested.

export interface TestS3 {
  options: S3DriverOptions;
  /** Objects under the driver's prefix, as the server lists them. */
  close(): Promise<void>;
}

export async function startTestS3(): Promise<TestS3> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the test S3 server (s3rver) did not start: ${(err as Error).message}`);
  }
  const options: S3DriverOptions = {
    bucket: 'offload-test',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    prefix: 'files/',
    // s3rver's fixed credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } finally {
    client.destroy();
  }
  return {
    options,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
