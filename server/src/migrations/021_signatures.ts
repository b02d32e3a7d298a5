import type { Knex } from 'knex';

/**
 * Certificate-backed e-signatures (issue 9). The signed PDFs live in the database beside their
 * signature rows (not in <dataDir>/files): a signed PDF is the legal record of the signature, so it is
 * written in the same transaction as the row and its audit entry, backed up with them, and never shared
 * with a content-addressed upload a deletion could take away. They are small (one subset font, ~100 KB).
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  // Certificates the admin trusts (roots, and intermediates whose CRL is kept), each with its latest CRL.
  await knex.schema.createTable('signature_trust_roots', (t) => {
    t.string('id', 64).primary();
    t.string('fingerprint_sha256', 64).notNullable().unique();
    t.text('subject').notNullable();
    t.text('issuer').notNullable();
    ts(t, 'not_before').notNullable();
    ts(t, 'not_after').notNullable();
    t.boolean('is_ca').notNullable();
    t.binary('der').notNullable();
    t.binary('crl_der');
    ts(t, 'crl_this_update');
    ts(t, 'crl_next_update');
    t.integer('crl_revoked_count');
    ts(t, 'added_at').notNullable();
    t.string('added_by', 64);
  });

  // A PDF prepared for signing: the digest the browser signs, valid for 15 minutes.
  await knex.schema.createTable('signing_requests', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable();
    t.string('purpose', 16).notNullable();
    t.string('form_id', 64).notNullable();
    t.integer('form_version').notNullable();
    t.string('field', 200);
    t.string('task_id', 64);
    t.string('submission_id', 64);
    t.string('content_hash', 64).notNullable();
    t.string('digest', 64).notNullable();
    t.binary('pdf').notNullable().comment('the PDF with its signature placeholder and byte range set');
    t.integer('contents_offset').notNullable().comment('where the hex /Contents placeholder starts');
    t.integer('contents_length').notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'expires_at').notNullable();
    t.string('signature_id', 64);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('signatures', (t) => {
    t.string('id', 64).primary();
    t.string('purpose', 16).notNullable();
    t.string('form_id', 64).notNullable();
    t.integer('form_version').notNullable();
    t.string('submission_id', 64);
    t.string('task_id', 64);
    t.string('field', 200);
    t.string('signer_user_id', 64).notNullable();
    json(t, 'signer').notNullable();
    ts(t, 'signed_at').notNullable();
    t.string('content_hash', 64).notNullable();
    t.binary('pdf').notNullable();
    ts(t, 'created_at').notNullable();
    t.index(['submission_id', 'created_at']);
    t.index(['task_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('signatures');
  await knex.schema.dropTableIfExists('signing_requests');
  await knex.schema.dropTableIfExists('signature_trust_roots');
}
