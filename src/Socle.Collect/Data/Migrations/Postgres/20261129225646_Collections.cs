using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socle.Collect.Data.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    template = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: true),
                    next_number = table.Column<long>(type: "bigint", nullable: false),
                    changes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "collect_crosswalks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    blob_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    crosswalk = table.Column<string>(type: "text", nullable: false),
                    crosswalk_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    plan = table.Column<string>(type: "text", nullable: true),
                    planned_at = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    territories = table.Column<string>(type: "text", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    committed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    committed_by = table.Column<Guid>(type: "uuid", nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    skip_invalid = table.Column<bool>(type: "boolean", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<long>(type: "bigint", nullable: false),
                    values = table.Column<string>(type: "text", nullable: false),
                    provenance = table.Column<string>(type: "text", nullable: false),
                    stage = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    label = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    departement = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    commune = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    power = table.Column<double>(type: "double precision", nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    name_key = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    territories = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    values = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    resolution = table.Column<string>(type: "text", nullable: true),
                    resolved_by = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    stage = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    fields = table.Column<string>(type: "text", nullable: false),
                    documents = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    from_field = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_by = table.Column<Guid>(type: "uuid", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    current = table.Column<bool>(type: "boolean", nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    values = table.Column<string>(type: "text", nullable: false),
                    provenance = table.Column<string>(type: "text", nullable: false),
                    changed = table.Column<string>(type: "text", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    author_id = table.Column<Guid>(type: "uuid", nullable: true),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true),
                    removed = table.Column<bool>(type: "boolean", nullable: false),
                    label = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    departement = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    power = table.Column<double>(type: "double precision", nullable: true)
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
                    record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    values = table.Column<string>(type: "text", nullable: false),
                    hash = table.Column<long>(type: "bigint", nullable: false),
                    observed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    import_id = table.Column<Guid>(type: "uuid", nullable: true)
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
