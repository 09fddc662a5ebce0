import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { type BlobDriver, BlobNotFoundError, type ByteRange, checkBlobKey } from './blob-driver.ts';
import { byteSlice } from './byte-slice.ts';

// Bytes in any S3-compatible object store, through the official AWS SDK. Uploads are multipart
// (lib-storage): at most `queueSize` parts of `partSize` bytes are in memory at once, and a failed
// upload is aborted, so no object appears under the key. Downloads are ranged GETs.

export interface S3DriverOptions {
  bucket: string;
  region: string;
  /** For S3-compatible servers (MinIO, Ceph, …); empty for AWS. */
  endpoint: string;
  forcePathStyle: boolean;
  /** Prepended to every key, e.g. `offload/`. */
  prefix: string;
  /** Empty: the SDK's default credential chain (environment, profile, instance role). */
  accessKeyId: string;
  secretAccessKey: string;
  partSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

export function s3BlobDriver(options: S3DriverOptions): BlobDriver & { close(): void } {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    ...(options.accessKeyId ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
  });
  const Bucket = options.bucket;
  const objectKey = (key: string) => `${options.prefix}${checkBlobKey(key)}`;

  return {
    name: 's3',

    async put(key, source) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: source },
        partSize: options.partSize ?? DEFAULT_PART_SIZE,
        queueSize: 2,
        leavePartsOnError: false,
      });
      // A source that fails mid-way must fail the upload too (lib-storage may otherwise wait for it),
      // with the source's own error rather than the abort it causes.
      let sourceError: unknown = null;
      const onError = (err: unknown) => {
        sourceError = err;
        void upload.abort().catch(() => {});
      };
      source.once('error', onError);
      try {
        await upload.done();
      } catch (err) {
        throw sourceError ?? err;
      } finally {
        source.off('error', onError);
      }
    },

    async get(key, range?: ByteRange) {
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket, Key: objectKey(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
        );
        const body = out.Body as Readable;
        if (!range) return body;
        // Some S3-compatible servers answer a range with more than was asked (the whole object, or
        // to its end): cut what came back to exactly the range.
        const served = /^bytes (\d+)-/.exec(out.ContentRange ?? '');
        const skip = served ? range.start - Number(served[1]) : range.start;
        return byteSlice(body, skip, range.end - range.start + 1);
      } catch (err) {
        if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) {
          throw new BlobNotFoundError(key);
        }
        throw err;
      }
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },

    close() {
      client.destroy();
    },
  };
}
