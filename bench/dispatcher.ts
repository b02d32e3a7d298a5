// npm run bench: can the outbox dispatcher keep up with submissions? A real server with one webhook
// subscription to a local receiver, on SQLite and on PostgreSQL:
// 1. submissions through the HTTP API as fast as 8 clients go, the dispatcher off: the server's
//    submission rate; the backlog this leaves is then worked off with batched claims, and a second
//    one with one-by-one claims (the dispatcher's capacity either way, as a ratio of that rate);
// 2. a steady load at half that rate with the dispatcher on its timer: deliveries/s against
//    submissions/s in the same run (target ≥ 1.0: the outbox never falls behind), and how long the
//    last delivery trailed the last submission.
import { newId } from '../server/src/lib/ids.ts';
import { createDispatcher } from '../server/src/services/dispatcher/index.ts';
import { DEFAULT_SETTINGS } from '../server/src/services/dispatcher/settings.ts';
import { newWebhookSecret } from '../server/src/services/webhooks/signature.ts';
import { ADMIN, DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from '../server/test/helpers.ts';
import { Receiver } from '../server/test/receiver.ts';

// The server's own dispatcher stays off (read when the server starts); the benchmark runs its own.
process.env.FORMLOOM_DISPATCH_INTERVAL_MS = '0';

const EVENTS = Number(process.env.BENCH_DISPATCH ?? 1000);
const LANES = 8;
const STEADY_SHARE = 0.5;

async function subscribe(server: TestServer, url: string, formId: string): Promise<void> {
  const owner = await server.app.db('users').where({ email: ADMIN.email }).first('id');
  const now = new Date().toISOString();
  await server.app.db('webhook_subscriptions').insert({
    id: newId(),
    owner_id: owner.id,
    form_id: formId,
    format: 'canonical',
    url,
    events: JSON.stringify(['submission.created']),
    headers: '{}',
    secret_sealed: server.app.secretBox.seal(newWebhookSecret()),
    created_at: now,
    updated_at: now,
  });
}

/** Sends `n` submissions from LANES clients; with `perSecond`, submission i leaves at i / perSecond. */
async function submitAll(client: Client, formId: string, n: number, perSecond?: number): Promise<{ first: number; last: number }> {
  let next = 0;
  const start = performance.now();
  let last = start;
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      while (next < n) {
        const i = next++;
        if (perSecond) {
          const due = start + (i * 1000) / perSecond;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        const res = await client.post(`/api/forms/${formId}/submissions`, { data: { name: `item ${i}`, qty: i } });
        if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
        last = Math.max(last, performance.now());
      }
    }),
  );
  return { first: start, last };
}

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setTimeout(r, 2));
};

async function bench(dialect: (typeof DIALECTS)[number]) {
  const server = await startTestServer(dialect, { webhookAllowHosts: ['127.0.0.1'] });
  const receiver = await new Receiver().start();
  try {
    const admin = await adminClient(server);
    const newForm = async () => {
      const { formId } = await publishedForm(admin);
      await subscribe(server, receiver.url, formId);
      return formId;
    };
    await submitAll(admin, await newForm(), 100); // warm-up: caches, JIT, connections
    await server.app.dispatcher.drain();

    /** A backlog of EVENTS worked off by a dispatcher claiming `claimBatch` rows at a time. */
    const backlog = async (claimBatch: number) => {
      const sent = await submitAll(admin, await newForm(), EVENTS);
      const submissionRate = EVENTS / ((sent.last - sent.first) / 1000);
      const before = receiver.received.length;
      const dispatcher = createDispatcher(server.app, { claimBatch, fanOutBatch: claimBatch === 1 ? 1 : undefined });
      const t = performance.now();
      await dispatcher.drain();
      const capacity = EVENTS / ((performance.now() - t) / 1000);
      if (receiver.received.length - before !== EVENTS) throw new Error(`drained ${receiver.received.length - before} of ${EVENTS}`);
      return { submissionRate, capacity };
    };
    const batched = await backlog(DEFAULT_SETTINGS.claimBatch);
    const oneByOne = await backlog(1);
    const fullSpeed = (batched.submissionRate + oneByOne.submissionRate) / 2;

    // Steady load with the dispatcher on its timer, as in production.
    const live = createDispatcher(server.app, { intervalMs: 20 });
    const form = await newForm();
    const before = receiver.received.length;
    live.start();
    const sent = await submitAll(admin, form, EVENTS, fullSpeed * STEADY_SHARE);
    await until(() => receiver.received.length - before >= EVENTS);
    await live.stop();
    const arrivals = receiver.received.slice(before).map((r) => r.at);
    const submissionRate = EVENTS / ((sent.last - sent.first) / 1000);
    const deliveryRate = EVENTS / ((Math.max(...arrivals) - Math.min(...arrivals)) / 1000);
    const trailMs = Math.max(...arrivals) - (performance.timeOrigin + sent.last);

    const r = (x: number) => x.toFixed(0).padStart(5);
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.log(`dispatcher on ${dialect} (${EVENTS} submissions from ${LANES} clients, one webhook subscription to a local receiver)`);
    console.log(`  submissions at full speed, dispatcher off      ${r(fullSpeed)}/s`);
    console.log(
      `  steady load at ${STEADY_SHARE * 100}%: submissions               ${r(submissionRate)}/s\n` +
        `                      deliveries, same run       ${r(deliveryRate)}/s   ${x(deliveryRate, submissionRate)} the submission rate (target ≥ 1.0); last one ${trailMs.toFixed(0)} ms after the last submission`,
    );
    // Keeping pace shows as a ratio near 1.0 with a short trail; the headroom is how much faster than
    // the steady arrivals the dispatcher can drain (a backlog never builds while this stays above 1.0).
    console.log(
      `                      headroom                      ${x(batched.capacity, submissionRate)} (batched capacity ÷ steady submission rate)`,
    );
    console.log(
      `  backlog, claims of ${DEFAULT_SETTINGS.claimBatch}                         ${r(batched.capacity)}/s   ${x(batched.capacity, fullSpeed)} the full-speed submission rate`,
    );
    console.log(
      `  backlog, claims one by one                     ${r(oneByOne.capacity)}/s   ${x(oneByOne.capacity, fullSpeed)}; batched claims are ${x(batched.capacity, oneByOne.capacity)} one by one`,
    );
  } finally {
    await receiver.stop();
    await server.close();
  }
}

for (const dialect of DIALECTS) await bench(dialect);
