using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TransactionListIndexAndAccountDeletedFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transactions_user_date",
                table: "transactions");

            migrationBuilder.AddColumn<bool>(
                name: "account_deleted",
                table: "transactions",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // hand-written: rows of accounts that are already soft-deleted start hidden, as the EXISTS filter this column
            // replaces hid them.
            migrationBuilder.Sql("UPDATE transactions SET account_deleted = 1 WHERE account_id IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL);");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_date_id",
                table: "transactions",
                columns: new[] { "user_id", "date", "id" },
                descending: new[] { false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transactions_user_date_id",
                table: "transactions");

            migrationBuilder.DropColumn(
                name: "account_deleted",
                table: "transactions");

            migrationBuilder.CreateIndex(
                name: "ix_transactions_user_date",
                table: "transactions",
                columns: new[] { "user_id", "date" });
        }
    }
}
