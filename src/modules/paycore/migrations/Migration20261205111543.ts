import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261205111543 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payout" add column if not exists "confirmation" text null, add column if not exists "confirmed_by" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payout" drop column if exists "confirmation", drop column if exists "confirmed_by";`);
  }

}
