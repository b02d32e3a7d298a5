import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook receiver on loopback for the dispatcher's tests: it verifies every request with the
 * official `standardwebhooks` package (as a real receiver does), answers as told, can hold a request
 * open, go down (connection refused) and come back on the same port, and keeps track of how many
 * copies of one `webhook-id` were in flight at the same time.
 */

export interface Received {
  id: string;
  timestamp: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Whether `new Webhook(secret).verify(body, headers)` accepted it. */
  verified: boolean;
  /** The status answered, or null while held / when the connection dropped. */
  answered: number | null;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Keep the request open until `release()` (or until the caller goes away). */
  hold?: boolean;
}

export type Responder = (request: Received, nth: number) => Answer;

export class Receiver {
  readonly received: Received[] = [];
  respond: Responder = () => ({ status: 200 });
  /** The most copies of one webhook-id open at once; > 1 means a duplicate was in flight. */
  maxOverlap = 0;
  /** The most requests of any ids open at once. */
  maxConcurrent = 0;
  private open = new Map<string, number>();
  private concurrent = 0;
  private held: (() => void)[] = [];
  private heldWaiters: (() => void)[] = [];
  private server: http.Server | null = null;
  port = 0;

  constructor(private secret: string | null = null) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setSecret(secret: string) {
    this.secret = secret;
  }

  /** Requests that were answered 2xx, by webhook-id. */
  acknowledged(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.received) if (r.answered !== null && r.answered < 300) out.set(r.id, (out.get(r.id) ?? 0) + 1);
    return out;
  }

  async start(port = this.port): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening and drops open connections: the dispatcher then gets "connection refused". */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    this.release();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    await this.start(this.port);
  }

  stop = () => this.down();

  /** Answers every held request (with what the responder said besides `hold`). */
  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  /** Resolves when a request is being held. */
  whenHolding(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.heldWaiters.push(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['webhook-id'] ?? '');
    let verified = false;
    if (this.secret) {
      try {
        new Webhook(this.secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
    }
    const entry: Received = {
      id,
      timestamp: Number(req.headers['webhook-timestamp']),
      headers: req.headers,
      body,
      verified,
      answered: null,
      at: Date.now(),
    };
    this.received.push(entry);
    const nth = this.received.filter((r) => r.id === id).length;
    this.open.set(id, (this.open.get(id) ?? 0) + 1);
    this.concurrent++;
    this.maxOverlap = Math.max(this.maxOverlap, this.open.get(id)!);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    const done = () => {
      this.open.set(id, this.open.get(id)! - 1);
      this.concurrent--;
    };
    res.once('close', done);

    const answer = this.respond(entry, nth);
    if (answer.hold) {
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        res.once('close', resolve);
        for (const wake of this.heldWaiters.splice(0)) wake();
      });
      if (res.destroyed) return;
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    entry.answered = answer.status;
    res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
    res.end(answer.body ?? 'ok');
  }
}
