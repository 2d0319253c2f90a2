import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128070158 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payment_invoice" drop constraint if exists "paycore_payment_invoice_invoice_id_unique";`);
    this.addSql(`create table if not exists "paycore_callback" ("id" text not null, "invoice_id" text not null, "invoice_type" text not null, "status" text not null, "paycore_updated_at" timestamptz null, "test_mode" boolean not null, "signature" text check ("signature" in ('accepted', 'refused')) not null default 'accepted', "source" text check ("source" in ('callback', 'reconciliation')) not null default 'callback', "outcome" text not null, "detail" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_callback_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_callback_invoice_id" ON "paycore_callback" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_callback_deleted_at" ON "paycore_callback" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "paycore_payment_invoice" ("id" text not null, "invoice_id" text not null, "reference_id" text not null, "session_id" text null, "cart_id" text null, "order_id" text null, "test_mode" boolean not null, "status" text not null, "resolution" text null, "paycore_updated_at" timestamptz not null, "currency_code" text not null, "amount" numeric not null, "processed_amount" numeric null, "refunded_amount" numeric null, "charged_back_amount" numeric null, "outcome" text null, "outcome_detail" text null, "provider_id" text null, "orphan_status" text check ("orphan_status" in ('open', 'refund_requested', 'refunded', 'refund_failed')) null, "raw_amount" jsonb not null, "raw_processed_amount" jsonb null, "raw_refunded_amount" jsonb null, "raw_charged_back_amount" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_payment_invoice_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_invoice_id_unique" ON "paycore_payment_invoice" ("invoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_reference_id" ON "paycore_payment_invoice" ("reference_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_session_id" ON "paycore_payment_invoice" ("session_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_deleted_at" ON "paycore_payment_invoice" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_callback" cascade;`);

    this.addSql(`drop table if exists "paycore_payment_invoice" cascade;`);
  }

}
