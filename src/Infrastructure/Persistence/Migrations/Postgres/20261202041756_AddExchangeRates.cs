using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.Persistence.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    @base = table.Column<string>(name: "base", type: "character varying(10)", maxLength: 10, nullable: false),
                    quote = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    rate = table.Column<decimal>(type: "numeric(19,10)", precision: 19, scale: 10, nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_rates", x => x.id);
                });

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
