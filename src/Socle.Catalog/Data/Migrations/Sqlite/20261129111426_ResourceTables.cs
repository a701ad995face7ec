using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socle.Catalog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResourceTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resource_tables",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    source_key = table.Column<string>(type: "TEXT", nullable: true),
                    file = table.Column<string>(type: "TEXT", nullable: true),
                    parquet_file = table.Column<string>(type: "TEXT", nullable: true),
                    rows = table.Column<long>(type: "INTEGER", nullable: true),
                    columns = table.Column<string>(type: "TEXT", nullable: true),
                    geo = table.Column<string>(type: "TEXT", nullable: true),
                    profile = table.Column<string>(type: "TEXT", nullable: true),
                    warnings = table.Column<string>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    build_seconds = table.Column<double>(type: "REAL", nullable: true),
                    built_at = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_tables", x => x.resource_id);
                    table.ForeignKey(
                        name: "fk_resource_tables_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resource_tables");
        }
    }
}
