using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socle.Catalog.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AlgorithmRegisterCounter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "catalog_state",
                columns: new[] { "id", "generation" },
                values: new object[] { 2, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "catalog_state",
                keyColumn: "id",
                keyValue: 2);
        }
    }
}
