import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204163106 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payout_setting" add column if not exists "pending_change" jsonb null, add column if not exists "change_log" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payout_setting" drop column if exists "pending_change", drop column if exists "change_log";`);
  }

}
