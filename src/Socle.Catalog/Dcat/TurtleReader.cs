using System.Globalization;
using System.Text;

namespace Socle.Catalog.Dcat;

/// <summary>
/// RDF 1.1 Turtle (W3C Recommendation 2014), which N-Triples is a subset of: a recursive-descent parser straight over
/// the characters, since what a token is depends on where it stands (<c>.5</c> is a number as an object, <c>.</c> ends a
/// statement after one). Triples are added as they are read, in document order.
/// </summary>
internal sealed class TurtleReader
{
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", Xsd = "http://www.w3.org/2001/XMLSchema#";
    private static readonly RdfIri Nil = new(Rdf + "nil");

    private readonly string _s;
    private readonly RdfGraph _g;
    private readonly DocumentBlanks _blanks;
    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);
    private readonly StringBuilder _buffer = new();
    private string _base;
    private int _p, _depth;

    private TurtleReader(string text, string baseIri, RdfGraph graph)
    {
        _s = text;
        _base = baseIri;
        _g = graph;
        _blanks = new DocumentBlanks(graph);
    }

    public static void Read(string text, string baseIri, RdfGraph graph) => new TurtleReader(text, baseIri, graph).Document();

    private void Document()
    {
        while (true)
        {
            SkipSpace();
            if (_p >= _s.Length) return;
            Statement();
        }
    }

    private void Statement()
    {
        if (_s[_p] == '@')
        {
            var at = _p;
            _p++;
            var word = Word();
            if (word == "prefix") PrefixDirective();
            else if (word == "base") BaseDirective();
            else throw Fail("rdf.turtle.directive", at, "@" + word);
            SkipSpace();
            Expect('.');
            return;
        }
        if (Keyword("PREFIX")) { PrefixDirective(); return; }
        if (Keyword("BASE")) { BaseDirective(); return; }
        Triples();
        SkipSpace();
        Expect('.');
    }

    /// <summary>SPARQL's PREFIX and BASE, in any case, when followed by what cannot continue a prefixed name.</summary>
    private bool Keyword(string word)
    {
        if (_p + word.Length >= _s.Length || string.Compare(_s, _p, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        var next = _s[_p + word.Length];
        if (!(char.IsWhiteSpace(next) || next is '<' or '#')) return false;
        _p += word.Length;
        return true;
    }

    private string Word()
    {
        var start = _p;
        while (_p < _s.Length && char.IsAsciiLetter(_s[_p])) _p++;
        return _s[start.._p];
    }

    private void PrefixDirective()
    {
        SkipSpace();
        var start = _p;
        var prefix = PrefixPart();
        if (_p >= _s.Length || _s[_p] != ':') throw Unexpected(start);
        _p++;
        SkipSpace();
        if (Peek() != '<') throw Unexpected(_p);
        _prefixes[prefix] = IriRef();
    }

    private void BaseDirective()
    {
        SkipSpace();
        if (Peek() != '<') throw Unexpected(_p);
        _base = IriRef();
    }

    private void Triples()
    {
        var c = _s[_p];
        if (c == '[')
        {
            var anon = TryAnon();
            if (anon is not null)
            {
                PredicateObjectList(anon);
                return;
            }
            var subject = BlankNodePropertyList();
            SkipSpace();
            if (Peek() != '.') PredicateObjectList(subject);
            return;
        }
        RdfTerm s = c switch
        {
            '(' => Collection(),
            '_' when Next() == ':' => BlankLabel(),
            '<' => new RdfIri(IriRef()),
            '"' or '\'' => throw Fail("rdf.turtle.literal-subject", _p),
            _ when IsNumberStart() || Literally("true") || Literally("false") => throw Fail("rdf.turtle.literal-subject", _p),
            _ => new RdfIri(PrefixedName()),
        };
        PredicateObjectList(s);
    }

    private void PredicateObjectList(RdfTerm subject)
    {
        SkipSpace();
        var p = Verb();
        ObjectList(subject, p);
        while (true)
        {
            SkipSpace();
            if (Peek() != ';') return;
            while (Peek() == ';') { _p++; SkipSpace(); }
            // A trailing ';' before the end of the statement or of a blank node.
            if (_p >= _s.Length || _s[_p] is '.' or ']') return;
            p = Verb();
            ObjectList(subject, p);
        }
    }

    private string Verb()
    {
        if (_p >= _s.Length) throw Fail("rdf.syntax.end", _p);
        var c = _s[_p];
        if (c == 'a' && (_p + 1 >= _s.Length || !IsNameChar(_s, _p + 1) && _s[_p + 1] is not ':' and not '.'))
        {
            _p++;
            return Rdf + "type";
        }
        if (c == '<') return IriRef();
        if (c == '_' && Next() == ':' || c is '[' or '(' or '"' or '\'') throw Fail("rdf.turtle.predicate", _p);
        return PrefixedName();
    }

    private void ObjectList(RdfTerm subject, string predicate)
    {
        while (true)
        {
            SkipSpace();
            var o = Object();
            _g.AddTriple(subject, predicate, o);
            SkipSpace();
            if (Peek() != ',') return;
            _p++;
        }
    }

    private RdfTerm Object()
    {
        if (_p >= _s.Length) throw Fail("rdf.syntax.end", _p);
        var c = _s[_p];
        switch (c)
        {
            case '<': return new RdfIri(IriRef());
            case '_' when Next() == ':': return BlankLabel();
            case '[': return TryAnon() ?? BlankNodePropertyList();
            case '(': return Collection();
            case '"' or '\'': return Literal();
        }
        if (IsNumberStart()) return Number();
        if (Literally("true")) { _p += 4; return new RdfLiteral("true", null, Xsd + "boolean"); }
        if (Literally("false")) { _p += 5; return new RdfLiteral("false", null, Xsd + "boolean"); }
        return new RdfIri(PrefixedName());
    }

    /// <summary>A keyword (<c>true</c>, <c>false</c>) standing alone, not the start of a prefixed name such as <c>true:x</c>.</summary>
    private bool Literally(string word) =>
        string.CompareOrdinal(_s, _p, word, 0, word.Length) == 0
        && (_p + word.Length >= _s.Length || !IsNameChar(_s, _p + word.Length) && _s[_p + word.Length] is not ':' and not '.'
            || _s[_p + word.Length] == '.' && (_p + word.Length + 1 >= _s.Length || !IsNameChar(_s, _p + word.Length + 1)));

    private bool IsNumberStart()
    {
        var c = _s[_p];
        if (char.IsAsciiDigit(c)) return true;
        if (c is '+' or '-') return _p + 1 < _s.Length && (char.IsAsciiDigit(_s[_p + 1]) || _s[_p + 1] == '.' && _p + 2 < _s.Length && char.IsAsciiDigit(_s[_p + 2]));
        return c == '.' && _p + 1 < _s.Length && char.IsAsciiDigit(_s[_p + 1]);
    }

    /// <summary>INTEGER, DECIMAL or DOUBLE; the lexical form is the text as written.</summary>
    private RdfLiteral Number()
    {
        var start = _p;
        if (_s[_p] is '+' or '-') _p++;
        var type = "integer";
        Digits();
        if (Peek() == '.')
        {
            // "1." ends a statement after the integer 1 unless digits or an exponent follow the dot.
            var afterDot = _p + 1;
            if (afterDot < _s.Length && (char.IsAsciiDigit(_s[afterDot]) || _s[afterDot] is 'e' or 'E' && ExponentAt(afterDot)))
            {
                _p++;
                Digits();
                type = "decimal";
            }
        }
        if (Peek() is 'e' or 'E')
        {
            if (!ExponentAt(_p)) throw Fail("rdf.turtle.number", start, _s[start..(_p + 1)]);
            _p++;
            if (_s[_p] is '+' or '-') _p++;
            Digits();
            type = "double";
        }
        return new RdfLiteral(_s[start.._p], null, Xsd + type);
    }

    private bool ExponentAt(int i)
    {
        i++;
        if (i < _s.Length && _s[i] is '+' or '-') i++;
        return i < _s.Length && char.IsAsciiDigit(_s[i]);
    }

    private void Digits()
    {
        while (_p < _s.Length && char.IsAsciiDigit(_s[_p])) _p++;
    }

    private RdfBlank? TryAnon()
    {
        var i = _p + 1;
        while (i < _s.Length && _s[i] is ' ' or '\t' or '\r' or '\n') i++;
        if (i >= _s.Length || _s[i] != ']') return null;
        _p = i + 1;
        return _blanks.New();
    }

    private RdfBlank BlankNodePropertyList()
    {
        Enter();
        _p++;
        var b = _blanks.New();
        PredicateObjectList(b);
        SkipSpace();
        Expect(']');
        _depth--;
        return b;
    }

    private RdfTerm Collection()
    {
        Enter();
        _p++;
        var items = new List<RdfTerm>();
        while (true)
        {
            SkipSpace();
            if (_p >= _s.Length) throw Fail("rdf.syntax.end", _p);
            if (_s[_p] == ')') { _p++; break; }
            items.Add(Object());
        }
        _depth--;
        if (items.Count == 0) return Nil;
        var head = _blanks.New();
        var node = head;
        for (var i = 0; i < items.Count; i++)
        {
            _g.AddTriple(node, Rdf + "first", items[i]);
            var next = i == items.Count - 1 ? (RdfTerm)Nil : _blanks.New();
            _g.AddTriple(node, Rdf + "rest", next);
            if (next is RdfBlank b) node = b;
        }
        return head;
    }

    private void Enter()
    {
        if (++_depth > RdfReader.MaxDepth) throw Fail("rdf.syntax.too-deep", _p, RdfReader.MaxDepth);
    }

    private RdfBlank BlankLabel()
    {
        var start = _p;
        _p += 2;
        if (_p >= _s.Length || !(IsNameStartChar(_s, _p) || char.IsAsciiDigit(_s[_p]))) throw Fail("rdf.turtle.blank-label", start);
        var lastGood = _p;
        while (_p < _s.Length && (IsNameChar(_s, _p) || _s[_p] == '.'))
        {
            if (_s[_p] != '.') lastGood = _p;
            _p += char.IsHighSurrogate(_s[_p]) ? 2 : 1;
        }
        _p = lastGood + (char.IsHighSurrogate(_s[lastGood]) ? 2 : 1);
        return _blanks.Get(_s[(start + 2).._p]);
    }

    /// <summary>IRIREF: the text between angle brackets, \u escapes decoded, resolved against the base.</summary>
    private string IriRef()
    {
        var start = _p;
        _p++;
        _buffer.Clear();
        while (true)
        {
            if (_p >= _s.Length) throw Fail("rdf.turtle.unterminated-iri", start);
            var c = _s[_p];
            if (c == '>') { _p++; break; }
            if (c == '\\')
            {
                if (Next() is not 'u' and not 'U') throw Fail("rdf.turtle.escape", _p, _s.Substring(_p, Math.Min(2, _s.Length - _p)));
                _p++;
                AppendUnicodeEscape();
                continue;
            }
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`') throw Fail("rdf.turtle.iri-char", _p, Show(c));
            _buffer.Append(c);
            _p++;
        }
        return IriReference.Resolve(_base, _buffer.ToString());
    }

    private string PrefixPart()
    {
        var start = _p;
        if (_p >= _s.Length || !IsBaseChar(_s, _p)) return "";
        var lastGood = _p;
        while (_p < _s.Length && (IsNameChar(_s, _p) || _s[_p] == '.'))
        {
            if (_s[_p] != '.') lastGood = _p;
            _p += char.IsHighSurrogate(_s[_p]) ? 2 : 1;
        }
        _p = lastGood + (char.IsHighSurrogate(_s[lastGood]) ? 2 : 1);
        return _s[start.._p];
    }

    /// <summary>PNAME_LN or PNAME_NS: the prefix's IRI and the local part, its \-escapes decoded and %XX kept.</summary>
    private string PrefixedName()
    {
        var start = _p;
        var prefix = PrefixPart();
        if (_p >= _s.Length || _s[_p] != ':') throw Unexpected(start);
        _p++;
        if (!_prefixes.TryGetValue(prefix, out var ns)) throw Fail("rdf.turtle.unknown-prefix", start, prefix);
        _buffer.Clear();
        var first = true;
        var keep = 0;
        var keepAt = _p;
        while (_p < _s.Length)
        {
            var c = _s[_p];
            if (c == '%')
            {
                if (_p + 2 >= _s.Length || !char.IsAsciiHexDigit(_s[_p + 1]) || !char.IsAsciiHexDigit(_s[_p + 2]))
                    throw Fail("rdf.turtle.escape", _p, _s.Substring(_p, Math.Min(3, _s.Length - _p)));
                _buffer.Append(_s, _p, 3);
                _p += 3;
            }
            else if (c == '\\')
            {
                if (_p + 1 >= _s.Length || "_~.-!$&'()*+,;=/?#@%".IndexOf(_s[_p + 1]) < 0)
                    throw Fail("rdf.turtle.escape", _p, _s.Substring(_p, Math.Min(2, _s.Length - _p)));
                _buffer.Append(_s[_p + 1]);
                _p += 2;
            }
            else if (c == ':' || (first ? IsNameStartChar(_s, _p) || char.IsAsciiDigit(c) : IsNameChar(_s, _p)))
            {
                var width = char.IsHighSurrogate(c) ? 2 : 1;
                _buffer.Append(_s, _p, width);
                _p += width;
            }
            else if (c == '.' && !first)
            {
                _buffer.Append('.');
                _p++;
                continue;
            }
            else break;
            first = false;
            keep = _buffer.Length;
            keepAt = _p;
        }
        // A local name never ends with a dot: trailing dots belong to the statement.
        _buffer.Length = keep;
        _p = keepAt;
        return ns + _buffer.ToString();
    }

    private RdfLiteral Literal()
    {
        var value = StringLiteral();
        // The grammar lets white space and comments stand between a string and its language tag or datatype.
        var afterString = _p;
        SkipSpace();
        if (Peek() is not '@' and not '^') _p = afterString;
        if (Peek() == '@')
        {
            var at = _p;
            _p++;
            var start = _p;
            while (_p < _s.Length && char.IsAsciiLetter(_s[_p])) _p++;
            if (_p == start) throw Fail("rdf.turtle.language", at, "@");
            while (_p + 1 < _s.Length && _s[_p] == '-' && char.IsAsciiLetterOrDigit(_s[_p + 1]))
            {
                _p++;
                while (_p < _s.Length && char.IsAsciiLetterOrDigit(_s[_p])) _p++;
            }
            // Language tags are case-insensitive (BCP 47); RDF 1.1 lets them be read in lower case, which harvest comparisons need.
            return new RdfLiteral(value, _s[start.._p].ToLowerInvariant(), null);
        }
        if (Peek() == '^' && Next() == '^')
        {
            _p += 2;
            SkipSpace();
            var datatype = Peek() == '<' ? IriRef() : PrefixedName();
            // RDF 1.1: a simple literal is an xsd:string; one form for both, so a harvester compares them alike.
            return new RdfLiteral(value, null, datatype == Xsd + "string" ? null : datatype);
        }
        return new RdfLiteral(value, null, null);
    }

    private string StringLiteral()
    {
        var start = _p;
        var quote = _s[_p];
        var isLong = _p + 2 < _s.Length && _s[_p + 1] == quote && _s[_p + 2] == quote;
        _p += isLong ? 3 : 1;
        _buffer.Clear();
        while (true)
        {
            if (_p >= _s.Length) throw Fail("rdf.turtle.unterminated-string", start);
            var c = _s[_p];
            if (c == quote)
            {
                if (!isLong) { _p++; break; }
                if (_p + 2 < _s.Length && _s[_p + 1] == quote && _s[_p + 2] == quote)
                {
                    // """a"""" is the string a" : the closing quotes are the last three.
                    if (_p + 3 < _s.Length && _s[_p + 3] == quote) { _buffer.Append(c); _p++; continue; }
                    _p += 3;
                    break;
                }
                _buffer.Append(c);
                _p++;
            }
            else if (c == '\\')
            {
                _p++;
                if (_p >= _s.Length) throw Fail("rdf.turtle.unterminated-string", start);
                switch (_s[_p])
                {
                    case 't': _buffer.Append('\t'); _p++; break;
                    case 'b': _buffer.Append('\b'); _p++; break;
                    case 'n': _buffer.Append('\n'); _p++; break;
                    case 'r': _buffer.Append('\r'); _p++; break;
                    case 'f': _buffer.Append('\f'); _p++; break;
                    case '"': _buffer.Append('"'); _p++; break;
                    case '\'': _buffer.Append('\''); _p++; break;
                    case '\\': _buffer.Append('\\'); _p++; break;
                    case 'u' or 'U': AppendUnicodeEscape(); break;
                    default: throw Fail("rdf.turtle.escape", _p - 1, _s.Substring(_p - 1, 2));
                }
            }
            else if (!isLong && c is '\n' or '\r') throw Fail("rdf.turtle.newline-in-string", _p);
            else
            {
                _buffer.Append(c);
                _p++;
            }
        }
        return _buffer.ToString();
    }

    /// <summary>At the 'u' or 'U' of a UCHAR: appends the code point (as a surrogate pair above U+FFFF).</summary>
    private void AppendUnicodeEscape()
    {
        var start = _p - 1;
        var digits = _s[_p] == 'u' ? 4 : 8;
        _p++;
        if (_p + digits > _s.Length || !int.TryParse(_s.AsSpan(_p, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code < 0 || code > 0x10FFFF || _s.AsSpan(_p, digits).ContainsAny('+', '-'))
            throw Fail("rdf.turtle.escape", start, _s.Substring(start, Math.Min(digits + 2, _s.Length - start)));
        _p += digits;
        if (code <= 0xFFFF) _buffer.Append((char)code);
        else _buffer.Append(char.ConvertFromUtf32(code));
    }

    private void SkipSpace()
    {
        while (_p < _s.Length)
        {
            var c = _s[_p];
            if (c is ' ' or '\t' or '\r' or '\n') _p++;
            else if (c == '#')
            {
                while (_p < _s.Length && _s[_p] is not '\n' and not '\r') _p++;
            }
            else return;
        }
    }

    private char Peek() => _p < _s.Length ? _s[_p] : '\0';
    private char Next() => _p + 1 < _s.Length ? _s[_p + 1] : '\0';

    private void Expect(char c)
    {
        if (_p >= _s.Length) throw Fail("rdf.turtle.expected", _p, c.ToString());
        if (_s[_p] != c) throw Fail("rdf.turtle.expected-found", _p, c.ToString(), Excerpt(_p));
        _p++;
    }

    // PN_CHARS_BASE, PN_CHARS_U and PN_CHARS of the grammar; supplementary planes come as surrogate pairs.
    private static bool IsBaseChar(string s, int i)
    {
        var c = s[i];
        if (char.IsAsciiLetter(c)) return true;
        if (c < 0xC0) return false;
        if (char.IsHighSurrogate(c)) return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) && char.ConvertToUtf32(c, s[i + 1]) <= 0xEFFFF;
        return c is (>= '\u00C0' and <= '\u00D6') or (>= '\u00D8' and <= '\u00F6') or (>= '\u00F8' and <= '\u02FF')
            or (>= '\u0370' and <= '\u037D') or (>= '\u037F' and <= '\u1FFF') or (>= '\u200C' and <= '\u200D')
            or (>= '\u2070' and <= '\u218F') or (>= '\u2C00' and <= '\u2FEF') or (>= '\u3001' and <= '\uD7FF')
            or (>= '\uF900' and <= '\uFDCF') or (>= '\uFDF0' and <= '\uFFFD');
    }

    private static bool IsNameStartChar(string s, int i) => s[i] == '_' || IsBaseChar(s, i);

    private static bool IsNameChar(string s, int i)
    {
        var c = s[i];
        return c is '_' or '-' or '\u00B7' or (>= '0' and <= '9') or (>= '\u0300' and <= '\u036F') or (>= '\u203F' and <= '\u2040') || IsBaseChar(s, i);
    }

    private static string Show(char c) => c < ' ' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

    /// <summary>The text at a position, up to the end of its token, for a message.</summary>
    private string Excerpt(int at)
    {
        if (at >= _s.Length) return "";
        var end = at + 1;
        while (end < _s.Length && end - at < 20 && !char.IsWhiteSpace(_s[end])) end++;
        return _s[at..end];
    }

    private RdfSyntaxException Unexpected(int at) =>
        at >= _s.Length ? Fail("rdf.syntax.end", at) : Fail("rdf.syntax.unexpected", at, Excerpt(at));

    private RdfSyntaxException Fail(string key, int at, params object?[] args)
    {
        var (line, column) = TextPosition.Of(_s, at);
        return new RdfSyntaxException(key, args, line, column);
    }
}

/// <summary>The 1-based line and column of an offset in a text (CR, LF and CRLF end lines).</summary>
internal static class TextPosition
{
    public static (int Line, int Column) Of(string s, int offset)
    {
        offset = Math.Min(offset, s.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (s[i] == '\n' || s[i] == '\r' && (i + 1 >= s.Length || s[i + 1] != '\n'))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }
}
