using System.Globalization;
using System.Numerics;
using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// A cell as the multi-column checks compare and add it, following Validata: numbers (typed, or text that reads as a
/// number) compare as numbers, values of the same type compare as such (dates with dates, ...), other text compares
/// as text, and anything else is "not comparable".
/// </summary>
internal readonly struct Operand
{
    public enum Category : byte { Number, Ordered, Text, Other }

    public Category Kind { get; private init; }
    /// <summary>For numbers: whether <see cref="Double"/> holds the value, else <see cref="Decimal"/>.</summary>
    public bool IsDouble { get; private init; }
    public decimal Decimal { get; private init; }
    public double Double { get; private init; }
    /// <summary>For <see cref="Category.Ordered"/> values: the value's kind and its ordered representation.</summary>
    public ValueKind ValueKind { get; private init; }
    public long Long { get; private init; }
    public object? Object { get; private init; }

    public double AsDouble => IsDouble ? Double : (double)Decimal;

    public static Operand Of(RowView row, int field)
    {
        ref readonly var v = ref row.Value(field);
        switch (v.Kind)
        {
            case ValueKind.Integer or ValueKind.Year:
                if (v.Object is BigInteger big)
                    return big >= (BigInteger)decimal.MinValue && big <= (BigInteger)decimal.MaxValue
                        ? new Operand { Kind = Category.Number, Decimal = (decimal)big }
                        : new Operand { Kind = Category.Number, IsDouble = true, Double = (double)big };
                return new Operand { Kind = Category.Number, Decimal = v.Long };
            case ValueKind.Number:
                return v.IsDouble
                    ? new Operand { Kind = Category.Number, IsDouble = true, Double = v.Double }
                    : new Operand { Kind = Category.Number, Decimal = v.Decimal };
            case ValueKind.Boolean or ValueKind.Date or ValueKind.Time or ValueKind.DateTime or ValueKind.YearMonth:
                return new Operand { Kind = Category.Ordered, ValueKind = v.Kind, Long = v.Long };
            case ValueKind.Duration:
                return new Operand { Kind = v.Object is IComparable ? Category.Ordered : Category.Other, ValueKind = v.Kind, Object = v.Object };
            case ValueKind.Geo or ValueKind.Json or ValueKind.List:
                return new Operand { Kind = Category.Other, ValueKind = v.Kind };
            default:
                // Text (string fields, any): a number when it reads as one, as Python's float() would.
                var text = row.Text(field);
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    return new Operand { Kind = Category.Number, Decimal = d };
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                    return new Operand { Kind = Category.Number, IsDouble = true, Double = x };
                return new Operand { Kind = Category.Text };
        }
    }

    /// <summary>
    /// Compares two operands: negative, zero or positive; <see cref="int.MinValue"/> when they are not comparable, and
    /// null for NaN (every comparison with NaN is false, except "!=").
    /// </summary>
    public static int? Compare(RowView row, int fieldA, in Operand a, int fieldB, in Operand b)
    {
        if (a.Kind == Category.Number && b.Kind == Category.Number)
        {
            if (!a.IsDouble && !b.IsDouble) return a.Decimal.CompareTo(b.Decimal);
            double x = a.AsDouble, y = b.AsDouble;
            if (double.IsNaN(x) || double.IsNaN(y)) return null;
            return x.CompareTo(y);
        }
        if (a.Kind == Category.Text && b.Kind == Category.Text)
            return Math.Sign(row.Text(fieldA).SequenceCompareTo(row.Text(fieldB)));
        if (a.Kind == Category.Ordered && b.Kind == Category.Ordered && a.ValueKind == b.ValueKind)
            return a.Object is IComparable c ? c.CompareTo(b.Object) : a.Long.CompareTo(b.Long);
        if (a.Kind == Category.Other && b.Kind == Category.Other && a.ValueKind == b.ValueKind)
            return Math.Sign(row.Text(fieldA).SequenceCompareTo(row.Text(fieldB)));
        return int.MinValue;
    }
}
