namespace Socle.Cli;

/// <summary>A usage error: one line on stderr, exit code 2.</summary>
internal sealed class UsageException(string key, params string[] args) : Exception(key)
{
    public string Key { get; } = key;
    public string[] Args { get; } = args;
}

/// <summary>
/// A small, strict command-line reader: positional words, <c>--flag</c>, <c>--option value</c> and
/// <c>--option=value</c>. Every option a command does not declare is an error, never silently ignored.
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CliArgs Parse(IEnumerable<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        var result = new CliArgs();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (a == "--")
            {
                result.Positionals.AddRange(list.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var eq = a.IndexOf('=');
                var name = eq > 0 ? a[2..eq] : a[2..];
                if (flags.Contains(name))
                {
                    if (eq > 0) throw new UsageException("cli.flag-takes-no-value", "--" + name);
                    result._options[name] = null;
                }
                else if (valued.Contains(name))
                {
                    string value;
                    if (eq > 0) value = a[(eq + 1)..];
                    else if (i + 1 < list.Count) value = list[++i];
                    else throw new UsageException("cli.option-needs-value", "--" + name);
                    result._options[name] = value;
                }
                else throw new UsageException("cli.unknown-option", a);
            }
            else if (a.StartsWith('-') && a.Length > 1 && a != "-")
            {
                if (a is "-h") { result._options["help"] = null; continue; }
                throw new UsageException("cli.unknown-option", a);
            }
            else result.Positionals.Add(a);
        }
        return result;
    }

    public bool Has(string name) => _options.ContainsKey(name);
    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public int GetInt(string name, int fallback, int min)
    {
        var v = Get(name);
        if (v is null) return fallback;
        if (!int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < min)
            throw new UsageException("cli.bad-number", "--" + name, v);
        return n;
    }

    public IReadOnlyList<string> GetList(string name) =>
        Get(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
