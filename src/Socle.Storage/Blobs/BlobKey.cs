namespace Socle.Storage.Blobs;

/// <summary>
/// The shape of every store's keys: <c>ab/cd/abcd…</c>, a random GUID in 32 lowercase hex digits under two levels of
/// its own first digits (so no folder grows past 256 entries per level). Keys given back to a store are checked
/// against this exact shape, which rules out <c>..</c>, absolute paths and anything a user could have slipped in.
/// </summary>
internal static class BlobKey
{
    private const int Length = 2 + 1 + 2 + 1 + 32;

    public static string New()
    {
        var id = Guid.NewGuid().ToString("N");
        return $"{id[..2]}/{id[2..4]}/{id}";
    }

    public static bool IsValid(string? key)
    {
        if (key is null || key.Length != Length || key[2] != '/' || key[5] != '/') return false;
        var id = key.AsSpan(6);
        foreach (var c in id)
            if (!char.IsAsciiHexDigitLower(c)) return false;
        return key.AsSpan(0, 2).SequenceEqual(id[..2]) && key.AsSpan(3, 2).SequenceEqual(id[2..4]);
    }

    public static string Check(string key) => IsValid(key)
        ? key
        : throw new ArgumentException($"'{key}' is not a blob key made by this store.", nameof(key));
}
