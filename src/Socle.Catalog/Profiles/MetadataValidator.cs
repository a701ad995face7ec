using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Socle.Validation.Reporting;

namespace Socle.Catalog.Profiles;

/// <summary>
/// A problem with one field of the extras. <see cref="Args"/> are, in order: the field key, its French label, its
/// English label, then what the code needs (the value, the allowed values, the bounds); each language's template
/// picks the label in its own language. For an unknown field the labels are the profile's.
/// </summary>
public sealed record MetadataError(string Field, string Code, object?[] Args)
{
    /// <summary>The template key: <c>profile.error.{Code}</c>, or a variant of it (<c>profile.error.wrong-type.date</c>).</summary>
    public string MessageKey { get; init; } = $"profile.error.{Code}";

    public string Message(string lang)
    {
        ProfileMessages.EnsureRegistered();
        return Messages.Format(MessageKey, lang, Args);
    }
}

/// <summary>The extras as stored (normalised) and the problems found; the extras are only meant to be kept when there are none.</summary>
public sealed record MetadataResult(JsonObject Extras, IReadOnlyList<MetadataError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks a dataset's extras against a profile and normalises them: vocabulary values to their canonical value
/// (whether given by value, URI, label or synonym), multiple fields to arrays, numbers to JSON numbers, booleans to
/// JSON booleans, dates to yyyy-MM-dd, texts trimmed, blanks dropped. The input is not modified.
/// </summary>
public static class MetadataValidator
{
    private const int MaxShown = 100, MaxListed = 12;

    static MetadataValidator() => ProfileMessages.EnsureRegistered();

    public static MetadataResult Validate(MetadataProfile profile, JsonObject? extras)
    {
        var errors = new List<MetadataError>();
        var output = new JsonObject();
        extras ??= [];

        foreach (var (key, _) in extras)
            if (profile.Field(key) is null) errors.Add(UnknownField(profile, key));

        foreach (var field in profile.Fields)
        {
            extras.TryGetPropertyValue(field.Key, out var node);
            List<JsonNode> items = node switch
            {
                JsonArray a => [.. a.Where(n => !IsBlank(n)).Select(n => n!)],
                _ when IsBlank(node) => [],
                _ => [node!],
            };
            if (!field.Multiple && items.Count > 1)
            {
                errors.Add(Error(field, "not-multiple", null, items.Count));
                continue;
            }
            var before = errors.Count;
            var values = new List<JsonNode>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
                if (Read(field, profile, item, errors) is { } value && seen.Add(value.ToJsonString()))
                    values.Add(value);
            if (errors.Count > before) continue;
            if (values.Count == 0)
            {
                if (field.Required) errors.Add(Error(field, "required", null));
                continue;
            }
            output[field.Key] = field.Multiple ? new JsonArray([.. values]) : values[0];
        }
        return new MetadataResult(output, errors);
    }

    private static bool IsBlank(JsonNode? n) =>
        n is null || (n is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>()));

    /// <summary>One value, normalised; null with an error added when it does not fit the field.</summary>
    private static JsonNode? Read(ProfileField f, MetadataProfile profile, JsonNode item, List<MetadataError> errors)
    {
        var kind = item.GetValueKind();
        var text = kind == JsonValueKind.String ? item.GetValue<string>().Trim() : null;
        JsonNode? WrongType()
        {
            errors.Add(Error(f, "wrong-type", f.Type.ToString().ToLowerInvariant(), Show(item)));
            return null;
        }

        switch (f.Type)
        {
            case ProfileFieldType.String or ProfileFieldType.Text:
                if (text is null) return WrongType();
                if (OutOfBounds(f, text.Length, "length-", Show(item), text.Length.ToString(CultureInfo.InvariantCulture)) is { } lengthError)
                {
                    errors.Add(lengthError);
                    return null;
                }
                if (f.Regex is not null && !Matches(f.Regex, text))
                {
                    errors.Add(Error(f, "pattern", null, Show(item), f.Pattern));
                    return null;
                }
                return JsonValue.Create(text);

            case ProfileFieldType.Integer:
            {
                // Forms send numbers as strings: "12" is as good as 12.
                var s = kind == JsonValueKind.Number ? item.ToJsonString() : text;
                long n;
                if (s is null) return WrongType();
                if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
                {
                    if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > 9e15)
                        return WrongType();
                    n = (long)d;
                }
                return InRange(f, n, item, errors) ? JsonValue.Create(n) : null;
            }

            case ProfileFieldType.Number:
            {
                var s = kind == JsonValueKind.Number ? item.ToJsonString() : text;
                // A French decimal comma ("12,5") when there is no point.
                if (s is not null && !s.Contains('.') && s.Count(c => c == ',') == 1) s = s.Replace(',', '.');
                if (s is null || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                    return WrongType();
                return InRange(f, d, item, errors) ? JsonValue.Create(d) : null;
            }

            case ProfileFieldType.Boolean:
                if (kind is JsonValueKind.True or JsonValueKind.False) return JsonValue.Create(kind == JsonValueKind.True);
                return text?.ToLowerInvariant() switch
                {
                    "true" or "oui" or "vrai" or "yes" or "1" => JsonValue.Create(true),
                    "false" or "non" or "faux" or "no" or "0" => JsonValue.Create(false),
                    _ => WrongType(),
                };

            case ProfileFieldType.Date:
                if (text is not null && DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return WrongType();

            case ProfileFieldType.Url:
                if (text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    return JsonValue.Create(text);
                return WrongType();

            case ProfileFieldType.Email:
                // MailAddress also accepts "Name <a@b.fr>": only a bare address is one.
                if (text is not null && MailAddress.TryCreate(text, out var mail) && mail.Address == text)
                    return JsonValue.Create(text);
                return WrongType();

            case ProfileFieldType.Vocabulary:
            {
                if (text is null) return WrongType();
                var vocabulary = profile.Vocabulary(f.Vocabulary!)!;
                if (vocabulary.Find(text) is { } concept) return JsonValue.Create(concept.Value);
                // A long vocabulary is listed in part, and the message then says how many values there are.
                var allowed = string.Join(", ", vocabulary.Concepts.Take(MaxListed).Select(c => c.Value));
                errors.Add(Error(f, "not-in-vocabulary", vocabulary.Concepts.Count > MaxListed ? "some" : null,
                    Show(item), allowed, vocabulary.Concepts.Count));
                return null;
            }

            default:
                throw new InvalidOperationException($"Field type {f.Type} has no reader.");
        }
    }

    /// <summary>A backtracking pattern that runs out of time does not match: the value is refused, not the request.</summary>
    private static bool Matches(Regex regex, string text)
    {
        try { return regex.IsMatch(text); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    private static bool InRange(ProfileField f, double value, JsonNode item, List<MetadataError> errors)
    {
        if (OutOfBounds(f, value, "", Show(item), null) is not { } error) return true;
        errors.Add(error);
        return false;
    }

    /// <summary>The out-of-range error when <paramref name="value"/> (a number, or a text's length) is outside the
    /// field's bounds; the template says "at least", "at most" or "between" depending on the bounds declared.</summary>
    private static MetadataError? OutOfBounds(ProfileField f, double value, string prefix, string shown, string? length)
    {
        if (!(value < f.Min) && !(value > f.Max)) return null;
        var variant = prefix + (f.Min is not null && f.Max is not null ? "between" : f.Min is not null ? "min" : "max");
        return Error(f, "out-of-range", variant, shown, Format(f.Min), Format(f.Max), length);
    }

    private static string? Format(double? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static MetadataError Error(ProfileField f, string code, string? variant, params object?[] more) =>
        new(f.Key, code, [f.Key, f.Label.Get(Messages.French), f.Label.Get(Messages.English), .. more])
        {
            MessageKey = variant is null ? $"profile.error.{code}" : $"profile.error.{code}.{variant}",
        };

    /// <summary>Unknown field; when the key is in fact a field's label or differs from a key only by case or accents
    /// ("Environnement"), the message suggests that field.</summary>
    private static MetadataError UnknownField(MetadataProfile profile, string key)
    {
        var folded = TextFolding.Fold(key);
        var match = profile.Fields.FirstOrDefault(f =>
            folded.Length > 0 && (TextFolding.Fold(f.Key) == folded || TextFolding.Fold(f.Label.Fr) == folded || TextFolding.Fold(f.Label.En) == folded));
        return new MetadataError(key, "unknown-field",
            [key, profile.Label.Get(Messages.French), profile.Label.Get(Messages.English), match?.Key])
        {
            MessageKey = match is null ? "profile.error.unknown-field" : "profile.error.unknown-field.suggest",
        };
    }

    /// <summary>A value as the user wrote it, cut short: texts as they are, anything else as JSON.</summary>
    private static string Show(JsonNode item)
    {
        var s = item.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item.ToJsonString();
        return s.Length <= MaxShown ? s : string.Concat(s.AsSpan(0, MaxShown), "…");
    }
}
