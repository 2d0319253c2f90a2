import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206222001 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payment_link" drop constraint if exists "paycore_payment_link_session_id_unique";`);
    this.addSql(`create table if not exists "paycore_payment_link" ("id" text not null, "session_id" text not null, "order_id" text not null, "display_id" integer null, "payment_collection_id" text not null, "provider_id" text not null, "invoice_id" text not null, "amount" numeric not null, "currency_code" text not null, "url" text not null, "status" text check ("status" in ('awaiting', 'paid', 'failed', 'expired', 'canceled')) not null default 'awaiting', "email" text null, "paid_at" timestamptz null, "expires_at" timestamptz null, "notified_at" timestamptz null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_payment_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_payment_link_session_id_unique" ON "paycore_payment_link" ("session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_link_order_id" ON "paycore_payment_link" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_link_payment_collection_id" ON "paycore_payment_link" ("payment_collection_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_link_deleted_at" ON "paycore_payment_link" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_payment_link" cascade;`);
  }

}
