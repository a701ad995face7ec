using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Socle.Storage.Database;

namespace Socle.Catalog.Data;

// For `dotnet ef migrations add X --context SqliteCatalogDb|PostgresCatalogDb --output-dir Data/Migrations/Sqlite|Postgres`:
// migrations are generated from the model, no server is contacted.
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDb>
{
    public SqliteCatalogDb CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteCatalogDb>)DatabaseOptions.Sqlite("design.db").Apply(new DbContextOptionsBuilder<SqliteCatalogDb>()).Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogDb>
{
    public PostgresCatalogDb CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresCatalogDb>)DatabaseOptions.Postgres("Host=localhost;Database=socle").Apply(new DbContextOptionsBuilder<PostgresCatalogDb>()).Options);
}
