import type { Knex } from 'knex';

/**
 * The org chart approvals resolve people from (services/organization): departments as a tree with
 * a head, and on users a department, a direct manager and positions ("Finance Director").
 *
 * `user_roles` holds positions, not access: the access role stays `users.role` (admin/builder/member).
 * Sibling names are unique through `parent_key` (the parent id, '' at the root) because both
 * databases treat NULLs as distinct in a unique index.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('departments', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable().comment('English name');
    t.string('name_zh', 200).comment('Traditional Chinese name, when it differs');
    t.string('name_key', 200).notNullable().comment('lower-cased name, for sibling uniqueness');
    t.string('parent_id', 64).references('departments.id').onDelete('RESTRICT');
    t.string('parent_key', 64).notNullable();
    t.string('head_user_id', 64).references('users.id').onDelete('SET NULL');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.unique(['parent_key', 'name_key']);
    t.index(['head_user_id']);
  });
  if (pg) {
    await knex.schema.alterTable('users', (t) => {
      t.string('department_id', 64).references('departments.id').onDelete('SET NULL');
      t.string('manager_id', 64).references('users.id').onDelete('SET NULL');
    });
  } else {
    // SQLite adds a referencing column in place; knex would rebuild the users table instead.
    await knex.raw('ALTER TABLE users ADD COLUMN department_id varchar(64) REFERENCES departments(id) ON DELETE SET NULL');
    await knex.raw('ALTER TABLE users ADD COLUMN manager_id varchar(64) REFERENCES users(id) ON DELETE SET NULL');
  }
  await knex.schema.alterTable('users', (t) => {
    t.index(['department_id']);
    t.index(['manager_id']);
  });
  await knex.schema.createTable('user_roles', (t) => {
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('role', 200).notNullable().comment('a position such as "Finance Director"');
    t.string('role_key', 200).notNullable().comment('lower-cased, for lookups');
    t.primary(['user_id', 'role_key']);
    t.index(['role_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('user_roles');
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['department_id']);
    t.dropIndex(['manager_id']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('department_id');
    t.dropColumn('manager_id');
  });
  await knex.schema.dropTableIfExists('departments');
}
