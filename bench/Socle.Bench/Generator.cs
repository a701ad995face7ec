using System.Buffers.Text;
using System.Text;

namespace Socle.Bench;

/// <summary>
/// Writes the benchmark table: French-flavoured grant records, 10 columns, one row per line.
/// Row i depends only on (seed, i), so a file of N rows is a prefix of any longer file with the same seed,
/// and the same seed always gives the same bytes. The error-dense variant draws exactly the same values
/// and then spoils one cell (or the row key) per row, cycling through <see cref="ErrorKinds"/>.
/// </summary>
internal static class Generator
{
    public const string Header = "id,commune,email,montant,population,date_creation,actif,position,code_postal,categorie";

    /// <summary>Error kinds of the error-dense variant, in the order row i % 12 uses them. Index 4 (unique) reuses row 3's id.</summary>
    public static readonly string[] ErrorKinds =
    [
        "type-error (population '12 345')", "constraint-error maximum (montant > 100000)",
        "constraint-error pattern (code_postal 4 digits)", "constraint-error enum (categorie)",
        "unique-error (id repeated)", "type-error (email without @)",
        "type-error (date dd/mm/yyyy or 30 February)", "type-error (actif 'oui'/'non')",
        "type-error (geopoint in Lambert-93 metres)", "constraint-error required (commune empty)",
        "constraint-error pattern (id 'FR_…')", "constraint-error minimum or type-error (montant < 0 or '1234,56')",
    ];

    public const string Schema = """
        {
          "fields": [
            { "name": "id", "type": "string", "title": "Identifiant du dossier",
              "constraints": { "required": true, "unique": true, "pattern": "^FR-[0-9]{6,7}$" } },
            { "name": "commune", "type": "string", "title": "Commune",
              "constraints": { "required": true, "maxLength": 64 } },
            { "name": "email", "type": "string", "format": "email", "title": "Courriel de contact",
              "constraints": { "required": true } },
            { "name": "montant", "type": "number", "title": "Montant accordé (euros)",
              "constraints": { "minimum": 0, "maximum": 100000 } },
            { "name": "population", "type": "integer", "title": "Population de la commune",
              "constraints": { "minimum": 0 } },
            { "name": "date_creation", "type": "date", "title": "Date de création" },
            { "name": "actif", "type": "boolean", "title": "Dossier actif" },
            { "name": "position", "type": "geopoint", "title": "Position (lon, lat)" },
            { "name": "code_postal", "type": "string", "title": "Code postal",
              "constraints": { "required": true, "pattern": "^[0-9]{5}$" } },
            { "name": "categorie", "type": "string", "title": "Catégorie du bénéficiaire",
              "constraints": { "required": true,
                "enum": ["association", "entreprise", "collectivite", "particulier", "etablissement-public"] } }
          ],
          "missingValues": [""]
        }

        """;

    private static readonly byte[][] CommuneNames = Utf8(FrenchData.Communes.Select(c => c.Name));
    private static readonly byte[][] PostalCodes = Utf8(FrenchData.Communes.Select(c => c.PostalCode));
    private static readonly byte[][] FirstNames = Utf8(FrenchData.FirstNames);
    private static readonly byte[][] LastNames = Utf8(FrenchData.LastNames);
    private static readonly byte[][] Domains = Utf8(FrenchData.MailDomains);
    private static readonly byte[][] Categories = Utf8(FrenchData.Categories);
    private static readonly byte[][] BadCategories = Utf8(FrenchData.BadCategories);
    private static readonly int FirstDay = new DateOnly(2015, 1, 1).DayNumber;
    private const int DaySpan = 4018; // 2015-01-01 .. 2025-12-31

    private static byte[][] Utf8(IEnumerable<string> s) => s.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>Writes <paramref name="rows"/> rows (plus the header) to <paramref name="path"/>; returns the byte count.</summary>
    public static long Write(string path, long rows, ulong seed, bool errors)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.SequentialScan);
        var w = new ByteWriter(file);
        w.Ascii(Header);
        w.Byte((byte)'\n');
        for (long i = 0; i < rows; i++)
        {
            WriteRow(ref w, i, seed, errors);
        }
        w.Flush();
        return file.Length;
    }

    private static void WriteRow(ref ByteWriter w, long i, ulong seed, bool errors)
    {
        var r = new SplitMix64(seed, (ulong)i);
        // Draw every value first, in a fixed order, so both variants share them.
        int communeIndex = r.Next(FrenchData.Communes.Length);
        var commune = FrenchData.Communes[communeIndex];
        int first = r.Next(FirstNames.Length), last = r.Next(LastNames.Length), domain = r.Next(Domains.Length);
        int mailSuffix = r.Next(4) == 0 ? 1 + r.Next(99) : 0;
        long cents = r.Next(10_000_001); // 0.00 .. 100000.00
        bool populationMissing = r.Next(100) == 0;
        int population = Math.Max(0, commune.Population + r.Next(201) - 100);
        int day = FirstDay + r.Next(DaySpan);
        bool actif = r.Next(5) != 0;
        long lonE4 = (long)Math.Round(commune.Lon * 10_000) + r.Next(401) - 200; // ± 0.02°
        long latE4 = (long)Math.Round(commune.Lat * 10_000) + r.Next(401) - 200;
        int category = r.Next(Categories.Length);

        int kind = errors ? (int)(i % 12) : -1;
        bool alternate = (i / 12) % 2 == 1;

        // id
        switch (kind)
        {
            case 4: w.Ascii("FR-"); w.Digits(4, 6); break; // the id of row index 3: a duplicate
            case 10: w.Ascii("FR_"); w.Digits(i + 1, 6); break;
            default: w.Ascii("FR-"); w.Digits(i + 1, 6); break;
        }
        w.Byte((byte)',');
        // commune
        if (kind != 9) w.Bytes(CommuneNames[communeIndex]);
        w.Byte((byte)',');
        // email
        w.Bytes(FirstNames[first]);
        w.Byte((byte)'.');
        w.Bytes(LastNames[last]);
        if (mailSuffix != 0) w.Int(mailSuffix);
        w.Byte(kind == 5 ? (byte)'.' : (byte)'@');
        w.Bytes(Domains[domain]);
        w.Byte((byte)',');
        // montant
        switch (kind)
        {
            case 1: w.Decimal2(10_000_100 + cents); break;
            case 11 when alternate: w.Byte((byte)'"'); w.Int(cents / 100); w.Byte((byte)','); w.Digits(cents % 100, 2); w.Byte((byte)'"'); break;
            case 11: w.Byte((byte)'-'); w.Decimal2(cents + 1); break;
            default: w.Decimal2(cents); break;
        }
        w.Byte((byte)',');
        // population
        if (kind == 0)
        {
            w.Int(population / 1000);
            w.Byte((byte)' ');
            w.Digits(population % 1000, 3);
        }
        else if (!populationMissing)
        {
            w.Int(population);
        }
        w.Byte((byte)',');
        // date_creation
        var date = DateOnly.FromDayNumber(day);
        if (kind == 6 && !alternate)
        {
            w.Digits(date.Day, 2); w.Byte((byte)'/'); w.Digits(date.Month, 2); w.Byte((byte)'/'); w.Digits(date.Year, 4);
        }
        else if (kind == 6)
        {
            w.Digits(date.Year, 4); w.Ascii("-02-30");
        }
        else
        {
            w.Digits(date.Year, 4); w.Byte((byte)'-'); w.Digits(date.Month, 2); w.Byte((byte)'-'); w.Digits(date.Day, 2);
        }
        w.Byte((byte)',');
        // actif
        if (kind == 7) w.Ascii(actif ? "oui" : "non");
        else w.Ascii(actif ? "true" : "false");
        w.Byte((byte)',');
        // position: "lon, lat" (default geopoint format), quoted because of the comma
        w.Byte((byte)'"');
        if (kind == 8)
        {
            // Lambert-93 metres instead of degrees: a classic mistake, out of the [-180, 180] / [-90, 90] ranges.
            w.Int(700_000 + (lonE4 - 30_000) * 15 / 2);
            w.Ascii(", ");
            w.Int(6_600_000 + (latE4 - 465_000) * 111 / 10);
        }
        else
        {
            w.FixedE4(lonE4);
            w.Ascii(", ");
            w.FixedE4(latE4);
        }
        w.Byte((byte)'"');
        w.Byte((byte)',');
        // code_postal
        var postal = PostalCodes[communeIndex];
        w.Bytes(kind == 2 ? postal.AsSpan(0, 4) : postal);
        w.Byte((byte)',');
        // categorie
        w.Bytes(kind == 3 ? BadCategories[category] : Categories[category]);
        w.Byte((byte)'\n');
    }

    /// <summary>SplitMix64 keyed by (seed, row): cheap, stable across runtimes, independent per row.</summary>
    private struct SplitMix64(ulong seed, ulong row)
    {
        private ulong _state = Mix(seed * 0x9E3779B97F4A7C15UL ^ Mix(row + 0x632BE59BD9B4E019UL));

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            return (int)((Mix(_state) >> 33) % (ulong)bound);
        }
    }

    /// <summary>Buffered UTF-8 writer over a stream; no allocation per row.</summary>
    private struct ByteWriter(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _pos;

        private Span<byte> Reserve(int n)
        {
            if (_pos + n > _buffer.Length) Flush();
            return _buffer.AsSpan(_pos);
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _pos);
            _pos = 0;
        }

        public void Byte(byte b)
        {
            Reserve(1)[0] = b;
            _pos++;
        }

        public void Bytes(ReadOnlySpan<byte> b)
        {
            b.CopyTo(Reserve(b.Length));
            _pos += b.Length;
        }

        public void Ascii(string s)
        {
            var span = Reserve(s.Length);
            for (int k = 0; k < s.Length; k++) span[k] = (byte)s[k];
            _pos += s.Length;
        }

        public void Int(long v)
        {
            Utf8Formatter.TryFormat(v, Reserve(20), out int n);
            _pos += n;
        }

        /// <summary>Zero-padded to <paramref name="width"/> digits (more if needed).</summary>
        public void Digits(long v, int width)
        {
            Utf8Formatter.TryFormat(v, Reserve(20), out int n, new System.Buffers.StandardFormat('D', (byte)width));
            _pos += n;
        }

        /// <summary>A non-negative amount in hundredths, as "1234.56".</summary>
        public void Decimal2(long hundredths)
        {
            Int(hundredths / 100);
            Byte((byte)'.');
            Digits(hundredths % 100, 2);
        }

        /// <summary>A value in ten-thousandths, as "-4.4861".</summary>
        public void FixedE4(long e4)
        {
            if (e4 < 0)
            {
                Byte((byte)'-');
                e4 = -e4;
            }
            Int(e4 / 10_000);
            Byte((byte)'.');
            Digits(e4 % 10_000, 4);
        }
    }
}
