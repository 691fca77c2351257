using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.MySql.Migrations
{
    /// <inheritdoc />
    public partial class KindsCurrenciesEditsAndRevocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "base_currency",
                table: "users",
                type: "varchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'");

            migrationBuilder.AddColumn<string>(
                name: "category_key",
                table: "transactions",
                type: "varchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "counterpart_id",
                table: "transactions",
                type: "char(36)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "transactions",
                type: "varchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "edited_fields",
                table: "transactions",
                type: "int",
                maxLength: 32,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "transactions",
                type: "varchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "standard" /* hand-written: what existing rows are */);

            migrationBuilder.AddColumn<string>(
                name: "note",
                table: "transactions",
                type: "varchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "transactions",
                type: "varchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "provider" /* hand-written: what existing rows are */);

            migrationBuilder.AddColumn<string>(
                name: "source_category",
                table: "transactions",
                type: "varchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_kind",
                table: "transactions",
                type: "varchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "standard" /* hand-written: what existing rows are */);

            migrationBuilder.AddColumn<string>(
                name: "source_merchant_name",
                table: "transactions",
                type: "varchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source_name",
                table: "transactions",
                type: "varchar(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "net_worth_snapshots",
                type: "varchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'",
                oldClrType: typeof(string),
                oldType: "varchar(3)",
                oldMaxLength: 3,
                oldDefaultValueSql: "'USD'");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "accounts",
                type: "varchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'",
                oldClrType: typeof(string),
                oldType: "varchar(3)",
                oldMaxLength: 3,
                oldDefaultValueSql: "'USD'");

            migrationBuilder.AddColumn<DateTime>(
                name: "closed_at",
                table: "accounts",
                type: "datetime(6)",
                precision: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "provider_revocations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "char(36)", nullable: false),
                    provider = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    item_id = table.Column<string>(type: "varchar(100)", maxLength: 100, nullable: false),
                    access_token = table.Column<string>(type: "varchar(1000)", maxLength: 1000, nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    last_error = table.Column<string>(type: "varchar(500)", maxLength: 500, nullable: true),
                    next_attempt_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_revocations", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_category_key",
                table: "transactions",
                columns: new[] { "user_id", "category_key" });

            migrationBuilder.CreateIndex(
                name: "ux_net_worth_snapshots_user_date_currency",
                table: "net_worth_snapshots",
                columns: new[] { "user_id", "snapshot_date", "currency" },
                unique: true);

            // hand-written order: MySQL uses the old unique index for the user_id foreign key and refuses to drop it until
            // another index starting with user_id exists, so the new one is created first.
            migrationBuilder.DropIndex(
                name: "ux_net_worth_snapshots_user_date",
                table: "net_worth_snapshots");

            migrationBuilder.CreateIndex(
                name: "ix_provider_revocations_next_attempt",
                table: "provider_revocations",
                column: "next_attempt_at");

            // hand-written: existing rows carried forward. Every transaction takes its account's currency; what it says
            // now is what its source said (no row has user edits yet); rows in manual accounts were imported by the user,
            // rows in linked accounts came from the provider (kept as "provider", so syncs keep managing them as before).
            // category_key stays NULL here: DatabasePreparation.BackfillCategoryKeysAsync fills it after the migrations run.
            migrationBuilder.Sql("UPDATE transactions SET currency = (SELECT a.currency FROM accounts a WHERE a.id = transactions.account_id), source_name = name, source_merchant_name = merchant_name, source_category = category;");
            migrationBuilder.Sql("UPDATE transactions SET source = 'import' WHERE account_id IN (SELECT a.id FROM accounts a WHERE a.is_manual = 1);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "provider_revocations");

            migrationBuilder.DropIndex(
                name: "ix_transactions_user_category_key",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "base_currency",
                table: "users");

            migrationBuilder.DropColumn(
                name: "category_key",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "counterpart_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "currency",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "edited_fields",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "note",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "source",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "source_category",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "source_kind",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "source_merchant_name",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "source_name",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "accounts");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "net_worth_snapshots",
                type: "varchar(3)",
                maxLength: 3,
                nullable: false,
                defaultValueSql: "'USD'",
                oldClrType: typeof(string),
                oldType: "varchar(10)",
                oldMaxLength: 10,
                oldDefaultValueSql: "'USD'");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "accounts",
                type: "varchar(3)",
                maxLength: 3,
                nullable: false,
                defaultValueSql: "'USD'",
                oldClrType: typeof(string),
                oldType: "varchar(10)",
                oldMaxLength: 10,
                oldDefaultValueSql: "'USD'");

            migrationBuilder.CreateIndex(
                name: "ux_net_worth_snapshots_user_date",
                table: "net_worth_snapshots",
                columns: new[] { "user_id", "snapshot_date" },
                unique: true);

            // hand-written order: as in Up, the index the foreign key needs goes only once its replacement exists.
            migrationBuilder.DropIndex(
                name: "ux_net_worth_snapshots_user_date_currency",
                table: "net_worth_snapshots");
        }
    }
}
