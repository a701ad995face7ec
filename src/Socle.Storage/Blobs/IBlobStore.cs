namespace Socle.Storage.Blobs;

/// <summary>A stored blob: its store-made key, its size in bytes and its SHA-256 (lowercase hex).</summary>
public sealed record StoredBlob(string Key, long Size, string Sha256);

/// <summary>
/// Where uploaded and produced files live: a local folder by default, an S3-compatible bucket later. Keys are made by
/// the store, never taken from users, so a key can be stored in the database and handed back safely.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store, computing its size and SHA-256 on the way, and publishes it
    /// atomically: a blob is either whole or absent. Throws <see cref="BlobTooLargeException"/> as soon as more than
    /// <paramref name="maxBytes"/> bytes were read, and keeps nothing of it.
    /// </summary>
    Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken ct = default);

    /// <summary>Opens a blob for reading; <see cref="BlobNotFoundException"/> when there is none with this key.</summary>
    Stream OpenRead(string key);

    bool Exists(string key);

    /// <summary>The blob's size in bytes; <see cref="BlobNotFoundException"/> when absent.</summary>
    long Size(string key);

    /// <summary>Deletes a blob; deleting an absent blob is not an error.</summary>
    void Delete(string key);

    /// <summary>The blob's file for a local store (readers that need a file, such as the validator), null for a remote store.</summary>
    string? LocalPath(string key);
}

/// <summary>The content was larger than the limit given to <see cref="IBlobStore.PutAsync"/>; nothing was stored.</summary>
public sealed class BlobTooLargeException(long limit)
    : Exception($"The content is larger than the limit of {limit} bytes; nothing was stored.")
{
    public long Limit { get; } = limit;
}

/// <summary>No blob has this key (deleted, or never stored).</summary>
public sealed class BlobNotFoundException(string key) : Exception($"No blob has the key '{key}'.")
{
    public string Key { get; } = key;
}
