using System.Globalization;
using System.Text.Json;
using Socle.Validation.Checks;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Tests.Checks;

/// <summary>A cell that failed its type (a type-error was reported for it).</summary>
internal sealed record Bad(string Text);

/// <summary>
/// A small schema to bind checks to, and rows built directly as <see cref="RowView"/>s: a string cell is read as its
/// field's type ("" is a missing value), null is an absent cell, <see cref="Bad"/> a cell with a type-error.
/// Field numbers are the field positions (1-based) plus 10, to tell them from schema indexes.
/// </summary>
internal sealed class CheckTable
{
    public CheckTable(params string[] fields)
    {
        Schema = new TableSchema
        {
            Fields = fields.Select(f =>
            {
                var parts = f.Split(':');
                return new Field
                {
                    Name = parts[0],
                    Type = parts.Length > 1 ? parts[1] : "string",
                    Format = parts.Length > 2 ? parts[2] : "default",
                };
            }).ToList(),
        };
        Context = new CheckContext { Schema = Schema, FieldNumber = i => i + 11 };
    }

    public TableSchema Schema { get; }
    public CheckContext Context { get; }

    public CustomCheck Bind(string declaration)
    {
        using var doc = JsonDocument.Parse(declaration);
        return CustomChecks.Create(doc.RootElement.Clone(), Context);
    }

    public RowView Row(int rowNumber, params object?[] cells)
    {
        var view = new RowView(Schema.Fields.Count);
        view.Reset(rowNumber);
        for (var i = 0; i < cells.Length; i++)
        {
            switch (cells[i])
            {
                case null:
                    view.States[i] = CellState.Absent;
                    break;
                case Bad bad:
                    view.SetText(i, bad.Text);
                    view.States[i] = CellState.TypeError;
                    break;
                case "":
                    view.SetText(i, "");
                    view.States[i] = CellState.Missing;
                    break;
                case string s:
                    view.SetText(i, s);
                    view.States[i] = CellState.Valid;
                    view.Values[i] = Read(Schema.Fields[i].Type, s);
                    break;
            }
        }
        return view;
    }

    private static CellValue Read(string type, string s) => type switch
    {
        "integer" => new CellValue { Kind = ValueKind.Integer, Long = long.Parse(s, CultureInfo.InvariantCulture) },
        "number" => new CellValue { Kind = ValueKind.Number, Decimal = decimal.Parse(s, CultureInfo.InvariantCulture) },
        "date" => new CellValue { Kind = ValueKind.Date, Long = DateTime.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture).Ticks },
        "datetime" => new CellValue { Kind = ValueKind.DateTime, Long = DateTime.Parse(s, CultureInfo.InvariantCulture).Ticks },
        "boolean" => new CellValue { Kind = ValueKind.Boolean, Long = s is "true" or "1" ? 1 : 0 },
        "geopoint" => new CellValue { Kind = ValueKind.Geo },
        _ => default,
    };

    /// <summary>Runs a check on one row (row number 2) and returns its errors.</summary>
    public List<ValidationError> Run(CustomCheck check, params object?[] cells)
    {
        var errors = new List<ValidationError>();
        check.CheckRow(Row(2, cells), errors);
        return errors;
    }
}
