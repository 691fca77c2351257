using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.MySql.Migrations
{
    /// <inheritdoc />
    public partial class AddNetWorthConversion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "conversion",
                table: "net_worth_snapshots",
                type: "json",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "conversion",
                table: "net_worth_snapshots");
        }
    }
}
