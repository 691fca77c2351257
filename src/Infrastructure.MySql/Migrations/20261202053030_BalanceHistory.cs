using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.MySql.Migrations
{
    /// <inheritdoc />
    public partial class BalanceHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "snapshot_lease_until",
                table: "users",
                type: "datetime(6)",
                precision: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_balance_days",
                columns: table => new
                {
                    account_id = table.Column<Guid>(type: "char(36)", nullable: false),
                    date = table.Column<DateTime>(type: "date", nullable: false),
                    user_id = table.Column<Guid>(type: "char(36)", nullable: false),
                    currency = table.Column<string>(type: "varchar(10)", maxLength: 10, nullable: false),
                    opening = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    inflow = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    outflow = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    closing = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_balance_days", x => new { x.account_id, x.date });
                    table.ForeignKey(
                        name: "fk_account_balance_days_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_account_balance_days_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "account_valuations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "char(36)", nullable: false),
                    user_id = table.Column<Guid>(type: "char(36)", nullable: false),
                    account_id = table.Column<Guid>(type: "char(36)", nullable: false),
                    date = table.Column<DateTime>(type: "date", nullable: false),
                    value = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_valuations", x => x.id);
                    table.ForeignKey(
                        name: "fk_account_valuations_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_account_valuations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "ix_account_balance_days_user_date",
                table: "account_balance_days",
                columns: new[] { "user_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_account_valuations_user",
                table: "account_valuations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ux_account_valuations_account_date",
                table: "account_valuations",
                columns: new[] { "account_id", "date" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_balance_days");

            migrationBuilder.DropTable(
                name: "account_valuations");

            migrationBuilder.DropColumn(
                name: "snapshot_lease_until",
                table: "users");
        }
    }
}
