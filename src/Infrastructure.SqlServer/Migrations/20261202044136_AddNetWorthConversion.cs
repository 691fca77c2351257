using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.SqlServer.Migrations
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
                type: "nvarchar(max)",
                nullable: true,
                collation: "Latin1_General_100_BIN2");
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
