using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinInfra.Infrastructure.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AddDocumentExtractionJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "extraction",
                table: "documents",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<int>(
                name: "extraction_attempts",
                table: "documents",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "extraction_failure",
                table: "documents",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "extraction_lease_until",
                table: "documents",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_documents_extraction",
                table: "documents",
                columns: new[] { "extraction", "created_at" });

            // hand-written: documents stored before extraction moved to the background keep what they had. Text that was
            // extracted (or data the owner set) is 'extracted'; a PDF stored without text (its synchronous extraction
            // failed) is 'pending', so the isolated worker tries it again; any other type is 'not_supported'.
            migrationBuilder.Sql("""
                UPDATE documents SET extraction = CASE
                    WHEN extracted_data IS NOT NULL THEN 'extracted'
                    WHEN content_type = 'application/pdf' THEN 'pending'
                    ELSE 'not_supported' END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_extraction",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "extraction",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "extraction_attempts",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "extraction_failure",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "extraction_lease_until",
                table: "documents");
        }
    }
}
