// Reading an answer's body: as the JSON the operation documents, or as whatever it is.

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json\b/;

export async function readJson<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** JSON when the answer says it is, the text otherwise, null when empty. */
export async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return null;
  return JSON_TYPES.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}

/** Reads an answer that has no body (204), so that the connection is free again. */
export async function discard(res: Response): Promise<void> {
  await res.arrayBuffer();
}
