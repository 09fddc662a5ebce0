import type { Readable } from 'node:stream';
import type { Config } from '../config/defaults.ts';
import { FileTooLargeError } from '../files/byte-meter.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { ProblemError } from '../domain/problems.ts';
import type { FileRow, FileStore } from '../store/file-store.ts';

// An upload: the client's bytes streamed into the configured driver, recorded for its tenant, kept
// `files.uploadRetentionSeconds`. Name and media type are checked before a byte is stored; the
// bytes are counted as they arrive (limits.uploadBytes → 413).

const NAME_MAX = 255;
// Names never reach a file system (blob keys are the server's own), but a name with a path in it,
// a control character or nothing but dots is a client mistake a careful API says so about.
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;[\x20-\x7e]*)?$/;

/** Why a file name is refused, or null when it is fine. */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > NAME_MAX) return `must be at most ${NAME_MAX} characters`;
  if ([...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return 'must be a plain file name: no path separators (/ or \\) and no control characters';
  if (/^\.+$/.test(name)) return 'must not be only dots';
  return null;
}

/** Why a media type is refused, or null. */
export function mediaTypeProblem(type: string): string | null {
  if (type.length > 255 || !MEDIA_TYPE.test(type)) return 'must be a media type such as text/csv or image/jpeg';
  return null;
}

export async function uploadFile(
  store: FileStore,
  params: { tenant: string; name: string; contentType: string; source: Readable; now: number },
  deps: { storage: FileStorage; config: Pick<Config, 'limits' | 'files'> },
): Promise<FileRow> {
  const { config } = deps;
  try {
    return await deps.storage.write(store, {
      tenant: params.tenant,
      name: params.name,
      contentType: params.contentType,
      source: params.source,
      maxBytes: config.limits.uploadBytes,
      expiresAt: params.now + config.files.uploadRetentionSeconds * 1000,
      now: params.now,
    });
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      throw new ProblemError('payload-too-large', `The file is larger than the ${err.limit}-byte limit (limits.uploadBytes).`);
    }
    throw err;
  }
}
