// A worker speaking the HTTP worker protocol, for the `http-worker` workload: LANES loops, each
// claiming up to MAX tasks (long-poll) and completing every one with `{ result: { ok: true } }`,
// its requests in flight together (fetch keeps connections alive). It runs as its own process (as a real worker would), exits when
// told (SIGTERM) and prints what it did as one JSON line.
//   BENCH_URL, BENCH_KEY, BENCH_TYPE, BENCH_LANES (4), BENCH_MAX (50)

const url = process.env.BENCH_URL!;
const key = process.env.BENCH_KEY!;
const type = process.env.BENCH_TYPE ?? 'bench-http';
const lanes = Number(process.env.BENCH_LANES ?? 4);
const max = Number(process.env.BENCH_MAX ?? 50);

const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
let stopping = false;
let claims = 0;
let completed = 0;
let lost = 0;
let errors = 0;
process.on('SIGTERM', () => {
  stopping = true;
});

async function post(path: string, body: unknown): Promise<{ status: number; json: { tasks?: { leaseToken: string }[] } | null }> {
  const res = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function lane(): Promise<void> {
  while (!stopping) {
    try {
      const claimed = await post('/v1/workers/claim', { types: [type], max, waitSeconds: 1, workerId: `bench-${process.pid}` });
      claims++;
      if (claimed.status !== 200) {
        errors++;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await Promise.all(
        (claimed.json?.tasks ?? []).map(async (t) => {
          const done = await post(`/v1/leases/${t.leaseToken}/complete`, { result: { ok: true } });
          if (done.status === 200) completed++;
          else if (done.status === 409) lost++;
          else errors++;
        }),
      );
    } catch {
      errors++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

await Promise.all(Array.from({ length: lanes }, lane));
process.stdout.write(`${JSON.stringify({ claims, completed, lost, errors })}\n`);
