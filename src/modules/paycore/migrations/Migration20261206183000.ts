import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206183000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "paycore_saved_card" ("id" text not null, "customer_id" text not null, "account_id" text not null, "test_mode" boolean not null, "sealed_token" text not null, "token_fingerprint" text not null, "brand" text not null, "last4" text not null, "expiry_month" text not null, "expiry_year" text not null, "source_invoice_id" text not null, "unusable_reason" text null, "last_used_at" timestamptz null, "last_cart_id" text null, "last_invoice_id" text null, "deleted_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "paycore_saved_card_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_saved_card_customer_id" ON "paycore_saved_card" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_saved_card_deleted_at" ON "paycore_saved_card" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_paycore_saved_card_customer_id_account_id_test_mode_token_fingerprint_unique" ON "paycore_saved_card" ("customer_id", "account_id", "test_mode", "token_fingerprint") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "paycore_saved_card" cascade;`);
  }

}
