import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207101500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_paycore_payment_invoice_provider_status_updated" ON "paycore_payment_invoice" ("provider_id", "status", "paycore_updated_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_paycore_payment_invoice_provider_status_updated";`);
  }

}
