using Socle.Validation.Checks;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Engine;

/// <summary>
/// Reads the values a foreign key refers to (in this table or another resource of the package) into a set of key
/// hashes, as frictionless builds its lookup before checking rows. Rows whose referenced cells are all empty add
/// nothing; a cell that does not read as its type counts as empty.
/// </summary>
internal static class KeyCollector
{
    public static HashSet<UInt128> Collect(TableInput input, TableSchema? schema, IReadOnlyList<string> fields, bool hasHeader,
        ValidationOptions options)
    {
        var set = new HashSet<UInt128>();
        TableReader reader;
        try { reader = TableReader.Open(input); }
        catch (TableSourceException) { return set; }
        using (reader)
        {
            TableHead head;
            try { head = TableHead.Read(reader, schema, hasHeader, options); }
            catch (TableSourceException) { return set; }
            schema = head.Schema;
            var expected = head.Header.Expected;

            var indexes = fields.Select(schema.IndexOf).ToArray();
            if (indexes.Any(i => i < 0)) return set; // frictionless reads a missing field as None: nothing to find.
            var slots = new Slot?[schema.Fields.Count];
            var columns = new int[indexes.Length];
            for (var k = 0; k < indexes.Length; k++)
            {
                var e = expected.FirstOrDefault(x => x.SchemaIndex == indexes[k]);
                if (e is null) return set;
                columns[k] = e.FieldNumber - 1;
                var reader1 = CellReaders.Create(e.Field);
                slots[indexes[k]] = new Slot
                {
                    Expected = e, Reader = reader1, Missing = new MissingValues(e.Field.MissingValues ?? schema.MissingValues),
                    Trivial = reader1.AcceptsAnything,
                };
            }
            var view = new RowView(schema.Fields.Count);

            void Add(string[] cells)
            {
                view.Reset(0);
                for (var k = 0; k < indexes.Length; k++)
                {
                    var i = indexes[k];
                    var slot = slots[i]!;
                    if (columns[k] >= cells.Length) continue;
                    var text = cells[columns[k]];
                    view.SetText(i, text);
                    if (slot.Missing.IsMissing(text)) { view.States[i] = CellState.Missing; continue; }
                    if (slot.Reader.AcceptsAnything) { view.States[i] = CellState.Valid; continue; }
                    if (slot.Reader.TryRead(text, out var value)) { view.States[i] = CellState.Valid; view.Values[i] = value; }
                    else view.States[i] = CellState.TypeError;
                }
                var key = KeyBuilder.Composite(view, slots, indexes, anyNullSkips: false);
                if (key != UInt128.Zero) set.Add(key);
            }

            foreach (var (cells, _) in head.Sample) Add(cells);
            try
            {
                while (reader.TryReadRecord(out var cells, out _)) Add(cells);
            }
            catch (TableSourceException) { /* the table's own task reports it */ }
        }
        return set;
    }
}
