using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socle.Catalog.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Harvesting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "harvest_source_id",
                table: "datasets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "harvest_sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    filter = table.Column<string>(type: "TEXT", nullable: true),
                    frequency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    next_run_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_harvest_sources", x => x.id);
                    table.ForeignKey(
                        name: "fk_harvest_sources_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "harvest_links",
                columns: table => new
                {
                    dataset_key = table.Column<long>(type: "INTEGER", nullable: false),
                    source_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    remote_id = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    remote_uri = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    remote_page = table.Column<string>(type: "TEXT", nullable: true),
                    fingerprint = table.Column<string>(type: "TEXT", nullable: false),
                    first_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    archived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_run_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_harvest_links", x => x.dataset_key);
                    table.ForeignKey(
                        name: "fk_harvest_links_datasets_dataset_key",
                        column: x => x.dataset_key,
                        principalTable: "datasets",
                        principalColumn: "key",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_harvest_links_harvest_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "harvest_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "harvest_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    job_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    trigger = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    pages = table.Column<int>(type: "INTEGER", nullable: false),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    archived = table.Column<int>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    items = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_harvest_runs", x => x.id);
                    table.ForeignKey(
                        name: "fk_harvest_runs_harvest_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "harvest_sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_datasets_harvest_source_id",
                table: "datasets",
                column: "harvest_source_id");

            migrationBuilder.CreateIndex(
                name: "ix_harvest_links_source_id_remote_id",
                table: "harvest_links",
                columns: new[] { "source_id", "remote_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_harvest_links_source_id_remote_uri",
                table: "harvest_links",
                columns: new[] { "source_id", "remote_uri" });

            migrationBuilder.CreateIndex(
                name: "ix_harvest_runs_source_id_created_at",
                table: "harvest_runs",
                columns: new[] { "source_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_harvest_sources_next_run_at",
                table: "harvest_sources",
                column: "next_run_at");

            migrationBuilder.CreateIndex(
                name: "ix_harvest_sources_organization_id",
                table: "harvest_sources",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_harvest_sources_slug",
                table: "harvest_sources",
                column: "slug",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_datasets_harvest_sources_harvest_source_id",
                table: "datasets",
                column: "harvest_source_id",
                principalTable: "harvest_sources",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_datasets_harvest_sources_harvest_source_id",
                table: "datasets");

            migrationBuilder.DropTable(
                name: "harvest_links");

            migrationBuilder.DropTable(
                name: "harvest_runs");

            migrationBuilder.DropTable(
                name: "harvest_sources");

            migrationBuilder.DropIndex(
                name: "ix_datasets_harvest_source_id",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "harvest_source_id",
                table: "datasets");
        }
    }
}
