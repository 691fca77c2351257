using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class KindsCurrenciesEditsAndRevocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_net_worth_snapshots_user_date",
                table: "net_worth_snapshots");

            migrationBuilder.AddColumn<string>(
                name: "base_currency",
                table: "users",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'",
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "category_key",
                table: "transactions",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<Guid>(
                name: "counterpart_id",
                table: "transactions",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "currency",
                table: "transactions",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "",
                collation: "Latin1_General_100_BIN2");

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
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "standard" /* hand-written: what existing rows are */,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "note",
                table: "transactions",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "transactions",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "provider" /* hand-written: what existing rows are */,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "source_category",
                table: "transactions",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "source_kind",
                table: "transactions",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "standard" /* hand-written: what existing rows are */,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "source_merchant_name",
                table: "transactions",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<string>(
                name: "source_name",
                table: "transactions",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "",
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "net_worth_snapshots",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'",
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(3)",
                oldMaxLength: 3,
                oldDefaultValueSql: "'USD'",
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "accounts",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValueSql: "'USD'",
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(3)",
                oldMaxLength: 3,
                oldDefaultValueSql: "'USD'",
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "accounts",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "provider_revocations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    provider = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false, collation: "Latin1_General_100_BIN2"),
                    item_id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false, collation: "Latin1_General_100_BIN2"),
                    access_token = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false, collation: "Latin1_General_100_BIN2"),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    last_error = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true, collation: "Latin1_General_100_BIN2"),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_revocations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_category_key",
                table: "transactions",
                columns: new[] { "user_id", "category_key" });

            migrationBuilder.CreateIndex(
                name: "ux_net_worth_snapshots_user_date_currency",
                table: "net_worth_snapshots",
                columns: new[] { "user_id", "snapshot_date", "currency" },
                unique: true);

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

            migrationBuilder.DropIndex(
                name: "ux_net_worth_snapshots_user_date_currency",
                table: "net_worth_snapshots");

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
                type: "nvarchar(3)",
                maxLength: 3,
                nullable: false,
                defaultValueSql: "'USD'",
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(10)",
                oldMaxLength: 10,
                oldDefaultValueSql: "'USD'",
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "currency",
                table: "accounts",
                type: "nvarchar(3)",
                maxLength: 3,
                nullable: false,
                defaultValueSql: "'USD'",
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(10)",
                oldMaxLength: 10,
                oldDefaultValueSql: "'USD'",
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.CreateIndex(
                name: "ux_net_worth_snapshots_user_date",
                table: "net_worth_snapshots",
                columns: new[] { "user_id", "snapshot_date" },
                unique: true);
        }
    }
}
