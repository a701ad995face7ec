using System.Buffers;
using System.Security.Cryptography;

namespace Socle.Storage.Blobs;

/// <summary>
/// Blobs as files under one folder. Content is written to <c>.tmp/</c> inside the root, flushed to disk, then
/// renamed into place: the rename stays on one file system, so it is atomic and readers never see half a blob.
/// </summary>
public sealed class FolderBlobStore : IBlobStore
{
    private const int BufferSize = 81_920;
    private readonly string root;
    private readonly string temp;

    public FolderBlobStore(string root)
    {
        this.root = Path.GetFullPath(root);
        temp = Path.Combine(this.root, ".tmp");
        Directory.CreateDirectory(temp);
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var key = BlobKey.New();
        var part = Path.Combine(temp, key[6..] + ".part");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new BlobTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                // On disk before the rename, so a power cut cannot leave a published but empty blob.
                file.Flush(flushToDisk: true);
            }
            var target = FilePath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(part, target);
            return new StoredBlob(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            TryDelete(part);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream OpenRead(string key)
    {
        var path = FilePath(BlobKey.Check(key));
        try
        {
            // FileShare.Delete: deleting a blob someone is reading must not fail (Windows; Unix allows it anyway).
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public bool Exists(string key) => File.Exists(FilePath(BlobKey.Check(key)));

    public long Size(string key)
    {
        var info = new FileInfo(FilePath(BlobKey.Check(key)));
        return info.Exists ? info.Length : throw new BlobNotFoundException(key);
    }

    // Shard folders are left in place: removing one could race with a put that has just created it.
    public void Delete(string key) => DeleteIfPresent(FilePath(BlobKey.Check(key)));

    public string? LocalPath(string key) => FilePath(BlobKey.Check(key));

    private string FilePath(string key) => Path.Combine(root, key[..2], key[3..5], key[6..]);

    private static void DeleteIfPresent(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
