import type { Knex } from 'knex';

/** Repositories take either the pool or a transaction, so services can compose writes atomically. */
export type Db = Knex | Knex.Transaction;
