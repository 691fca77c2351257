using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.MySql.Migrations
{
    /// <inheritdoc />
    public partial class AddExchangeRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "char(36)", nullable: false),
                    @base = table.Column<string>(name: "base", type: "varchar(10)", maxLength: 10, nullable: false),
                    quote = table.Column<string>(type: "varchar(10)", maxLength: 10, nullable: false),
                    date = table.Column<DateTime>(type: "date", nullable: false),
                    rate = table.Column<decimal>(type: "decimal(19,10)", precision: 19, scale: 10, nullable: false),
                    source = table.Column<string>(type: "varchar(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    updated_at = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_rates", x => x.id);
                })
                .Annotation("MySQL:Charset", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "ix_exchange_rates_quote_date",
                table: "exchange_rates",
                columns: new[] { "quote", "date" });

            migrationBuilder.CreateIndex(
                name: "ux_exchange_rates_pair_date_source",
                table: "exchange_rates",
                columns: new[] { "base", "quote", "date", "source" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_rates");
        }
    }
}
