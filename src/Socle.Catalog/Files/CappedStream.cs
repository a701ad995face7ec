namespace Socle.Catalog.Files;

/// <summary>Reading a body whose size a client or a remote server announces, or not: the cap holds while reading.</summary>
public static class CappedStream
{
    /// <summary>The whole stream in memory; <paramref name="tooLarge"/> (the caller's own refusal) is thrown once it passes <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream body, long max, Func<Exception> tooLarge, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + n > max) throw tooLarge();
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }
}
