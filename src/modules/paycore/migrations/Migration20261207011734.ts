import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207011734 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_checkout_recovery" drop constraint if exists "paycore_checkout_recovery_invoice_id_unique";`);
    this.addSql(`create table if not exists "paycore_checkout_recovery" ("id" text not null, "invoice_id" text not null, "cart_id" text not null, "provider_id" text not null, "failed_session_id" text not null, "status" text check ("status" in ('claimed', 'created', 'notified', 'failed', 'skipped')) not null, "reason" text null, "attempts" integer not null default 0, "claimed_at" timestamptz null, "session_id" text null, "url" text null, "expires_at" timestamptz null, "email" text null, "notified_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_checkout_recovery_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_checkout_recovery_invoice_id_unique" ON "paycore_checkout_recovery" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_checkout_recovery_cart_id" ON "paycore_checkout_recovery" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_checkout_recovery_session_id" ON "paycore_checkout_recovery" ("session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_checkout_recovery_deleted_at" ON "paycore_checkout_recovery" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_checkout_recovery" cascade;`);
  }

}
