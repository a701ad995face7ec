using Socle.Validation.Types;

namespace Socle.Validation.Checks;

/// <summary>
/// <c>nomenclature-actes-value</c> (SCDL délibérations, <c>DELIB_MATIERE_NOM</c>): a value of the "Nomenclature des
/// actes" written "niveau 1/niveau 2…", whose first level is one of the nine official labels (case and accents
/// ignored) and whose slash is neither preceded nor followed by a space.
/// </summary>
internal sealed class NomenclatureActesCheck(string code, CheckContext context, int field) : ValueCheck(code, context, field)
{
    /// <summary>The first-level labels of the nomenclature (Actes, ministère de l'Intérieur).</summary>
    public static readonly IReadOnlyList<string> Labels =
    [
        "Commande publique",
        "Urbanisme",
        "Domaine et patrimoine",
        "Fonction publique",
        "Institutions et vie politique",
        "Libertés publiques et pouvoirs de police",
        "Finances locales",
        "Domaines de compétences par thèmes",
        "Autres domaines de compétences",
    ];

    private static readonly string[] Folded = Labels.Select(l => { var b = new char[l.Length]; return new string(b, 0, Fold(l, b)); }).ToArray();

    private static readonly CellFailure MissingSlash = new("note.nomenclature-actes.missing-slash");
    private static readonly CellFailure ExtraSpace = new("note.nomenclature-actes.extra-space");

    protected override CellFailure? Check(ReadOnlySpan<char> text, in CellValue value)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return MissingSlash;
        var prefix = text[..slash];
        var spaceAfterSlash = text.Contains("/ ", StringComparison.Ordinal);
        if (IsLabel(prefix) && !spaceAfterSlash) return null;
        if (spaceAfterSlash || IsLabel(prefix.TrimEnd())) return ExtraSpace;
        return new CellFailure("note.nomenclature-actes.prefix", [prefix.Trim().ToString()]);
    }

    /// <summary>Whether the text is one of the labels, ignoring case and accents (Python's lower() then NFD without marks).</summary>
    public static bool IsLabel(ReadOnlySpan<char> text)
    {
        if (text.Length > 128) return false;
        Span<char> buffer = stackalloc char[text.Length];
        var folded = buffer[..Fold(text, buffer)];
        foreach (var label in Folded)
            if (folded.SequenceEqual(label)) return true;
        return false;
    }

    private static int Fold(ReadOnlySpan<char> text, Span<char> into)
    {
        var n = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0300' and <= '\u036F') continue; // combining marks of decomposed input
            into[n++] = char.ToLowerInvariant(c) switch
            {
                'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' => 'a',
                'ç' => 'c',
                'è' or 'é' or 'ê' or 'ë' => 'e',
                'ì' or 'í' or 'î' or 'ï' => 'i',
                'ñ' => 'n',
                'ò' or 'ó' or 'ô' or 'õ' or 'ö' => 'o',
                'ù' or 'ú' or 'û' or 'ü' => 'u',
                'ý' or 'ÿ' => 'y',
                var other => other,
            };
        }
        return n;
    }
}
