// Following a cursor-paginated listing: each page's `nextCursor` asks for the next, null ends it.

export async function* eachPage<P extends { nextCursor: string | null }>(read: (cursor: string | undefined) => Promise<P>): AsyncGenerator<P, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield page;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
