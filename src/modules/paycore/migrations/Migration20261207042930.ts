import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207042930 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payment_link" add column if not exists "created_by" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "paycore_payment_link" drop column if exists "created_by";`);
  }

}
