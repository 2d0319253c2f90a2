import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128071755 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payout_setting" drop constraint if exists "paycore_payout_setting_scope_unique";`);
    this.addSql(`alter table if exists "paycore_payout" drop constraint if exists "paycore_payout_reference_id_unique";`);
    this.addSql(`create table if not exists "paycore_payout" ("id" text not null, "reference_id" text not null, "invoice_id" text null, "provider_id" text null, "service" text not null, "amount" numeric not null, "currency_code" text not null, "destination" jsonb not null, "destination_fingerprint" text null, "description" text null, "status" text not null, "resolution" text null, "last_error" text null, "status_history" jsonb not null, "order_id" text null, "customer_id" text null, "created_by" text null, "approved_by" text null, "test_mode" boolean not null, "paycore_updated_at" timestamptz null, "processed_amount" numeric null, "raw_amount" jsonb not null, "raw_processed_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_payout_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_payout_reference_id_unique" ON "paycore_payout" ("reference_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_invoice_id" ON "paycore_payout" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_status" ON "paycore_payout" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_order_id" ON "paycore_payout" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_customer_id" ON "paycore_payout" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_deleted_at" ON "paycore_payout" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "paycore_payout_setting" ("id" text not null, "scope" text not null, "enabled" boolean not null default false, "require_approval" boolean not null default false, "currencies" jsonb not null, "updated_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_payout_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_payout_setting_scope_unique" ON "paycore_payout_setting" ("scope") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payout_setting_deleted_at" ON "paycore_payout_setting" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_payout" cascade;`);

    this.addSql(`drop table if exists "paycore_payout_setting" cascade;`);
  }

}
