import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261205162556 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "paycore_check_run" ("id" text not null, "provider_id" text not null, "passed" boolean not null, "report" jsonb not null, "run_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_check_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_check_run_provider_id" ON "paycore_check_run" ("provider_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_check_run_deleted_at" ON "paycore_check_run" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_check_run" cascade;`);
  }

}
