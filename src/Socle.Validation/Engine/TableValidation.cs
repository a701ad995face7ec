using System.Diagnostics;
using System.Globalization;
using Socle.Validation.Checks;
using Socle.Validation.Constraints;
using Socle.Validation.Reporting;
using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Engine;

/// <summary>
/// Validates one table: header against schema, then every row (on several threads for large files), then what
/// needs row order — unique fields, primary key, uniqueKeys — in one sequential pass over the rows' outcomes.
/// Memory: constant per row, plus 16 bytes (and hash-set overhead, about 40 bytes in all) per distinct value of each
/// unique field, primary key and uniqueKeys entry, and per distinct referenced foreign-key value.
/// </summary>
internal sealed class TableValidation
{
    /// <summary>Files larger than this are checked on several threads (below it, threads cost more than they bring).</summary>
    private const long ParallelThreshold = 2 * 1024 * 1024;

    private readonly TableInput _input;
    private readonly TableSchema? _givenSchema;
    private readonly ValidationOptions _options;
    private readonly Func<string, IReadOnlyList<string>, HashSet<UInt128>?>? _lookupOtherResource;
    private readonly TaskReport _task;
    private readonly ErrorGate _gate = new();

    public TableValidation(TableInput input, TableSchema? schema, ValidationOptions options,
        Func<string, IReadOnlyList<string>, HashSet<UInt128>?>? lookupOtherResource = null)
    {
        _input = input;
        _givenSchema = schema;
        _options = options;
        _lookupOtherResource = lookupOtherResource;
        _task = new TaskReport { Name = input.Name ?? Path.GetFileNameWithoutExtension(input.Path), Place = input.Path };
    }

    public TaskReport Run()
    {
        var clock = Stopwatch.StartNew();
        try { RunCore(); }
        catch (TableSourceException e) { Emit(new ValidationError { Type = e.Code, NoteKey = e.NoteKey, NoteArgs = e.Args }); }
        catch (SchemaException e) { Emit(new ValidationError { Type = "schema-error", NoteKey = e.Key, NoteArgs = e.Args }); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of Socle's, not of the file: the task fails with a clear error instead of taking the process down.
            Emit(new ValidationError { Type = "error", NoteKey = "note.internal", NoteArgs = [e.GetType().Name, e.Message] });
        }
        _task.Seconds = clock.Elapsed.TotalSeconds;
        return _task;
    }

    private void RunCore()
    {
        using var reader = TableReader.Open(_input);
        _task.Format = reader.Format;
        _task.Encoding = reader.EncodingName;
        _task.Delimiter = reader.Delimiter?.ToString();
        _task.Bytes = reader.TotalBytes;
        using var progress = _options.Progress is { } p
            ? new Timer(_ => p.Report((reader.BytesRead, reader.TotalBytes)), null, 200, 200)
            : null;

        var head = TableHead.Read(reader, _givenSchema, _input.Header ?? _options.Header ?? true, _options);
        var (schema, header, buffered) = (head.Schema, head.Header, head.Sample);
        _task.SchemaInferred = head.Inferred;
        _task.Labels = head.Labels;
        _task.Fields = schema.Fields.Count;
        foreach (var e in header.Errors) Emit(e);
        if (header.TaskError is { } taskError) { Emit(taskError); return; }

        var slots = header.Expected.Select(x => BuildSlot(x, schema)).ToArray();
        var fieldNumbers = new int[schema.Fields.Count];
        foreach (var x in header.Expected) if (x.SchemaIndex >= 0) fieldNumbers[x.SchemaIndex] = x.FieldNumber;
        var context = new CheckContext { Schema = schema, FieldNumber = i => fieldNumbers[i] };
        var customChecks = schema.CustomChecks.Select(d => CustomChecks.Create(d, context)).ToList();
        var foreignKeys = BuildForeignKeys(schema, head.HasHeader);
        var checker = new RowChecker(slots, schema, foreignKeys, customChecks, _gate);
        var sequence = new KeySequence(checker, this, reader.TotalBytes);

        var parallel = _options.Parallelism switch
        {
            1 => false,
            0 => Environment.ProcessorCount > 1 && reader.TotalBytes >= ParallelThreshold,
            _ => true,
        };
        var pipeline = new BatchPipeline(checker, sequence, parallel ? Math.Max(2, _options.Parallelism) : 0);
        long rows = 0;
        if (buffered.Count > 0)
        {
            var batch = pipeline.Rent(buffered[0].Row);
            foreach (var (cells, _) in buffered)
            {
                if (!batch.TryAdd(cells)) { pipeline.Dispatch(batch); batch = pipeline.Rent(buffered[0].Row + (int)rows); batch.TryAdd(cells); }
                rows++;
            }
            pipeline.Dispatch(batch);
        }
        try { rows += reader.ReadBatches(pipeline.Rent, pipeline.Dispatch); }
        finally { pipeline.Drain(); }
        _task.Rows = rows;
        if (reader.InvalidBytes is { } bad)
        {
            var e = new Sources.EncodingErrorException(bad);
            Emit(new ValidationError { Type = "encoding-error", NoteKey = e.Key, NoteArgs = e.Args });
        }
        else if (reader.UnterminatedQuoteRow() is { } open)
            Emit(new ValidationError
            {
                Type = "source-error", RowNumber = open, NoteKey = "note.source-unterminated-quote",
                NoteArgs = [open.ToString(CultureInfo.InvariantCulture)],
            });
        _options.Progress?.Report((reader.TotalBytes, reader.TotalBytes));
    }

    private Slot BuildSlot(ExpectedField expected, TableSchema schema)
    {
        var field = expected.Field;
        var reader = CellReaders.Create(field);
        return new Slot
        {
            Expected = expected,
            Reader = reader,
            Constraints = ConstraintChecker.Create(field, reader),
            Missing = new MissingValues(field.MissingValues ?? schema.MissingValues),
            Required = field.Constraints.Required,
            Trivial = reader.AcceptsAnything,
        };
    }

    private List<ForeignKeyCheck> BuildForeignKeys(TableSchema schema, bool hasHeader)
    {
        var list = new List<ForeignKeyCheck>();
        foreach (var fk in schema.ForeignKeys)
        {
            HashSet<UInt128>? lookup;
            if (fk.Resource.Length == 0 || fk.Resource == _input.Name)
                lookup = KeyCollector.Collect(_input, schema, fk.ReferenceFields, hasHeader, _options);
            else if (_lookupOtherResource is null)
            {
                // frictionless needs the package for such a key; Socle says it was not checked and goes on.
                _task.Warnings.Add(("warning.foreign-key-needs-package", [string.Join(", ", fk.Fields), fk.Resource]));
                continue;
            }
            else
                lookup = _lookupOtherResource(fk.Resource, fk.ReferenceFields);
            if (lookup is null) continue;
            list.Add(new ForeignKeyCheck
            {
                Key = fk, SchemaIndexes = fk.Fields.Select(schema.IndexOf).ToArray(), Lookup = lookup,
            });
        }
        return list;
    }

    /// <summary>Adds an error to the report if pick/skip select it, listing it while under the limit.</summary>
    internal void Emit(ValidationError e)
    {
        if (!ErrorCatalog.Selected(e.Type, e.FieldNumber is not null, _options.PickErrors, _options.SkipErrors)) return;
        _task.ErrorCount++;
        _task.ErrorCounts[e.Type] = _task.ErrorCounts.GetValueOrDefault(e.Type) + 1;
        if (_task.Errors.Count < _options.LimitErrors)
        {
            _task.Errors.Add(e);
            if (_task.Errors.Count == _options.LimitErrors)
            {
                _gate.Close();
                _task.Warnings.Add(("warning.error-limit", [_options.LimitErrors.ToString(CultureInfo.InvariantCulture)]));
            }
        }
    }

    internal bool Listing => _gate.Listing;

    /// <summary>
    /// Checks batches of rows — inline, or on worker tasks with at most <c>workers</c> batches in flight — and hands
    /// their outcomes to the sequential stage in row order, on the reading thread. Batches are recycled.
    /// </summary>
    private sealed class BatchPipeline(RowChecker checker, KeySequence sequence, int workers)
    {
        private readonly Queue<(RowBatch Batch, Task Work)> _inflight = new();
        private readonly Stack<RowBatch> _free = new();

        public RowBatch Rent(int firstRowNumber)
        {
            var b = _free.Count > 0 ? _free.Pop() : new RowBatch();
            b.Reset(firstRowNumber);
            return b;
        }

        public void Dispatch(RowBatch batch)
        {
            if (workers == 0)
            {
                Check(batch);
                Consume(batch);
                return;
            }
            _inflight.Enqueue((batch, Task.Run(() => Check(batch))));
            while (_inflight.Count > workers) Complete();
        }

        public void Drain()
        {
            while (_inflight.Count > 0) Complete();
        }

        private void Complete()
        {
            var (batch, work) = _inflight.Dequeue();
            work.GetAwaiter().GetResult();
            Consume(batch);
        }

        private void Check(RowBatch batch)
        {
            var outcomes = batch.Outcomes;
            var k = checker.KeyCount;
            for (var i = 0; i < batch.Count; i++)
                checker.Check(batch.Row(i), batch.FirstRowNumber + i, out outcomes[i], batch.KeysOf(i, k));
        }

        private void Consume(RowBatch batch)
        {
            sequence.Estimate(batch);
            sequence.Prefetch(batch);
            var outcomes = batch.Outcomes;
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Any) sequence.Consume(outcomes[i], batch, i);
                outcomes[i] = default;
            }
            _free.Push(batch);
        }
    }

    /// <summary>The sequential stage: unique fields, primary key and uniqueKeys, in row order.</summary>
    private sealed class KeySequence(RowChecker checker, TableValidation owner, long fileBytes)
    {
        private readonly KeyTable[] _seen = Enumerable.Range(0, checker.KeyCount).Select(_ => new KeyTable()).ToArray();
        private bool _sized;

        /// <summary>Starts loading the table slots the batch's keys will touch, so that their cache misses overlap.</summary>
        public void Prefetch(RowBatch batch)
        {
            var k = checker.KeyCount;
            if (k == 0) return;
            var keys = batch.AllKeys(k);
            for (var i = 0; i < keys.Length; i++)
                if (keys[i] != UInt128.Zero) _seen[i % k].Prefetch(keys[i]);
        }

        /// <summary>Sizes the key tables from the first full batch: the file's rows are about its size over a row's.</summary>
        public void Estimate(RowBatch batch)
        {
            if (_sized || batch.Count < RowBatch.MaxRows || batch.CharCount == 0) return;
            _sized = true;
            var rows = fileBytes / Math.Max(1.0, (double)batch.CharCount / batch.Count);
            foreach (var t in _seen) t.Reserve((long)(rows * 1.05));
        }

        public void Consume(in RowOutcome o, RowBatch batch, int index)
        {
            if (o.CellErrors is { } cellErrors)
                foreach (var e in cellErrors) owner.Emit(e);
            if (checker.KeyCount > 0)
            {
                var keys = batch.KeysOf(index, checker.KeyCount);
                var j = 0;
                foreach (var f in checker.UniqueSchemaFields)
                {
                    var key = keys[j];
                    if (key != UInt128.Zero && !_seen[j].TryAdd(key, o.RowNumber, out var firstRow))
                    {
                        var slot = checker.Slots[checker.SlotOf(f)];
                        var number = slot.Expected.FieldNumber;
                        owner.Emit(owner.Listing ? new ValidationError
                        {
                            Type = "unique-error", RowNumber = o.RowNumber, FieldNumber = number, FieldName = slot.Field.Name,
                            Cell = CellAt(o, batch, index, number), Cells = o.Cells ?? batch.CellsOf(index),
                            NoteKey = "note.unique", NoteArgs = [firstRow.ToString(CultureInfo.InvariantCulture)],
                        } : ErrorGate.Token("unique-error"));
                    }
                    j++;
                }
                if (checker.HasPrimaryKey)
                {
                    var key = keys[j];
                    if (key == UInt128.Zero)
                        owner.Emit(owner.Listing ? new ValidationError
                        {
                            Type = "primary-key", RowNumber = o.RowNumber, Cells = o.Cells ?? batch.CellsOf(index), NoteKey = "note.primary-key-null",
                        } : ErrorGate.Token("primary-key", false));
                    else if (!_seen[j].TryAdd(key, o.RowNumber, out var firstRow))
                        owner.Emit(owner.Listing ? new ValidationError
                        {
                            Type = "primary-key", RowNumber = o.RowNumber, Cells = o.Cells ?? batch.CellsOf(index), NoteKey = "note.primary-key",
                            NoteArgs = [firstRow.ToString(CultureInfo.InvariantCulture)],
                        } : ErrorGate.Token("primary-key", false));
                    j++;
                }
                foreach (var uk in checker.UniqueKeySchemaFields)
                {
                    var key = keys[j];
                    if (key != UInt128.Zero && !_seen[j].TryAdd(key, o.RowNumber, out var firstRow))
                    {
                        var first = checker.Slots[checker.SlotOf(uk[0])];
                        var rowCells = o.Cells ?? batch.CellsOf(index);
                        owner.Emit(owner.Listing ? new ValidationError
                        {
                            Type = "unique-error", RowNumber = o.RowNumber, FieldNumber = first.Expected.FieldNumber,
                            FieldName = string.Join(", ", uk.Select(i => checker.Slots[checker.SlotOf(i)].Field.Name)),
                            Cell = string.Join(", ", uk.Select(i => checker.Slots[checker.SlotOf(i)].Expected.FieldNumber)
                                .Select(n => n <= rowCells.Length ? rowCells[n - 1] : "")),
                            Cells = rowCells, NoteKey = "note.unique-key", NoteArgs = [firstRow.ToString(CultureInfo.InvariantCulture)],
                        } : ErrorGate.Token("unique-error"));
                    }
                    j++;
                }
            }
            if (o.LateErrors is { } late)
                foreach (var e in late) owner.Emit(e);
        }

        private static string CellAt(in RowOutcome o, RowBatch batch, int index, int fieldNumber)
        {
            var cells = o.Cells ?? batch.CellsOf(index);
            return fieldNumber <= cells.Length ? cells[fieldNumber - 1] : "";
        }
    }
}
