import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207130152 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_cart_id" ON "paycore_payment_invoice" ("cart_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_paycore_payment_invoice_cart_id";`);
  }

}
