using Socle.Validation.Schema;
using Socle.Validation.Types;

namespace Socle.Validation.Constraints;

/// <summary>A constraint a valid cell failed: its name as in the schema ("minLength") and its value as text ("5").</summary>
internal readonly record struct ConstraintFailure(string Name, string Value);

/// <summary>
/// Checks the value constraints of one field (minLength, maxLength, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum, pattern, enum) on cells that were read without a type error. <c>required</c> and <c>unique</c>
/// are the engine's: they need to see missing cells and other rows. Immutable, thread-safe.
/// Contract (implementation in progress):
///   static ConstraintChecker? Create(Field field, CellReader reader)   // null when the field has none of these
///   void Check(ReadOnlySpan&lt;char&gt; cell, in CellValue value, List&lt;ConstraintFailure&gt; failures)
/// </summary>
internal sealed partial class ConstraintChecker
{
}
