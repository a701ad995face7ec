using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socle.Collect.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Collections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    template = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    dataset_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    next_number = table.Column<long>(type: "INTEGER", nullable: false),
                    changes = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "collect_crosswalks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_crosswalks", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_crosswalks_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    blob_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    crosswalk = table.Column<string>(type: "TEXT", nullable: false),
                    crosswalk_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    plan = table.Column<string>(type: "TEXT", nullable: true),
                    planned_at = table.Column<long>(type: "INTEGER", nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    job_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    territories = table.Column<string>(type: "TEXT", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    committed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    committed_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    comment = table.Column<string>(type: "TEXT", nullable: true),
                    skip_invalid = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_imports_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<long>(type: "INTEGER", nullable: false),
                    values = table.Column<string>(type: "TEXT", nullable: false),
                    provenance = table.Column<string>(type: "TEXT", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    label = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    departement = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    commune = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    power = table.Column<double>(type: "REAL", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    name_key = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_records_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collection_members",
                columns: table => new
                {
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    account_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    territories = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_members", x => new { x.collection_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_collection_members_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_conflicts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    values = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    resolution = table.Column<string>(type: "TEXT", nullable: true),
                    resolved_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    resolved_by_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_conflicts", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_conflicts_collect_records_record_id",
                        column: x => x.record_id,
                        principalTable: "collect_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    fields = table.Column<string>(type: "TEXT", nullable: false),
                    documents = table.Column<string>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    author_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "TEXT", nullable: true),
                    import_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    from_field = table.Column<bool>(type: "INTEGER", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    withdrawn_at = table.Column<long>(type: "INTEGER", nullable: true),
                    withdrawn_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_events_collect_records_record_id",
                        column: x => x.record_id,
                        principalTable: "collect_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_measures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    current = table.Column<bool>(type: "INTEGER", nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    import_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_measures", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_measures_collect_records_record_id",
                        column: x => x.record_id,
                        principalTable: "collect_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    values = table.Column<string>(type: "TEXT", nullable: false),
                    provenance = table.Column<string>(type: "TEXT", nullable: false),
                    changed = table.Column<string>(type: "TEXT", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    author_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "TEXT", nullable: true),
                    import_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    removed = table.Column<bool>(type: "INTEGER", nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    departement = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    power = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_collect_revisions_collect_records_record_id",
                        column: x => x.record_id,
                        principalTable: "collect_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collect_source_values",
                columns: table => new
                {
                    record_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    values = table.Column<string>(type: "TEXT", nullable: false),
                    hash = table.Column<long>(type: "INTEGER", nullable: false),
                    observed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    import_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_source_values", x => new { x.record_id, x.source });
                    table.ForeignKey(
                        name: "fk_collect_source_values_collect_records_record_id",
                        column: x => x.record_id,
                        principalTable: "collect_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collect_conflicts_collection_id_status",
                table: "collect_conflicts",
                columns: new[] { "collection_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_conflicts_record_id_field",
                table: "collect_conflicts",
                columns: new[] { "record_id", "field" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_crosswalks_collection_id_name",
                table: "collect_crosswalks",
                columns: new[] { "collection_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collect_events_collection_id_type_date",
                table: "collect_events",
                columns: new[] { "collection_id", "type", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_events_record_id_date",
                table: "collect_events",
                columns: new[] { "record_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_imports_collection_id_created_at",
                table: "collect_imports",
                columns: new[] { "collection_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_measures_collection_id_name_period",
                table: "collect_measures",
                columns: new[] { "collection_id", "name", "period" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_measures_record_id_name_period",
                table: "collect_measures",
                columns: new[] { "record_id", "name", "period" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_records_collection_id_external_id",
                table: "collect_records",
                columns: new[] { "collection_id", "external_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_records_collection_id_name_key",
                table: "collect_records",
                columns: new[] { "collection_id", "name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_records_collection_id_number",
                table: "collect_records",
                columns: new[] { "collection_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collect_records_collection_id_region_departement",
                table: "collect_records",
                columns: new[] { "collection_id", "region", "departement" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_revisions_collection_id_record_id_valid_from_version",
                table: "collect_revisions",
                columns: new[] { "collection_id", "record_id", "valid_from", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_collect_revisions_import_id",
                table: "collect_revisions",
                column: "import_id");

            migrationBuilder.CreateIndex(
                name: "ix_collect_revisions_record_id_version",
                table: "collect_revisions",
                columns: new[] { "record_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_collect_source_values_collection_id",
                table: "collect_source_values",
                column: "collection_id");

            migrationBuilder.CreateIndex(
                name: "ix_collections_slug",
                table: "collections",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collect_conflicts");

            migrationBuilder.DropTable(
                name: "collect_crosswalks");

            migrationBuilder.DropTable(
                name: "collect_events");

            migrationBuilder.DropTable(
                name: "collect_imports");

            migrationBuilder.DropTable(
                name: "collect_measures");

            migrationBuilder.DropTable(
                name: "collect_revisions");

            migrationBuilder.DropTable(
                name: "collect_source_values");

            migrationBuilder.DropTable(
                name: "collection_members");

            migrationBuilder.DropTable(
                name: "collect_records");

            migrationBuilder.DropTable(
                name: "collections");
        }
    }
}
