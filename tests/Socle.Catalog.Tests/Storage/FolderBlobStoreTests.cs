using System.Security.Cryptography;
using Socle.Storage.Blobs;
using Socle.Validation.Tests;

namespace Socle.Catalog.Tests.Storage;

public sealed class FolderBlobStoreTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly FolderBlobStore store;

    public FolderBlobStoreTests() => store = new FolderBlobStore(folder.Path);

    public void Dispose() => folder.Dispose();

    private string TempDir => Path.Combine(folder.Path, ".tmp");

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_put_blob_reads_back_whole_with_its_checksum()
    {
        var content = RandomBytes(300_000); // several buffers

        var blob = await store.PutAsync(new MemoryStream(content), maxBytes: 1_000_000, TestContext.Current.CancellationToken);

        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), blob.Sha256);
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}$", blob.Key);
        Assert.True(store.Exists(blob.Key));
        Assert.Equal(content.Length, store.Size(blob.Key));
        using (var read = store.OpenRead(blob.Key))
        using (var copy = new MemoryStream())
        {
            await read.CopyToAsync(copy, TestContext.Current.CancellationToken);
            Assert.Equal(content, copy.ToArray());
        }
        var path = store.LocalPath(blob.Key);
        Assert.NotNull(path);
        Assert.StartsWith(folder.Path, path);
        Assert.Equal(content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDir));
    }

    [Fact]
    public async Task Content_of_exactly_the_limit_is_accepted()
    {
        var blob = await store.PutAsync(new MemoryStream(RandomBytes(1000)), maxBytes: 1000, TestContext.Current.CancellationToken);

        Assert.Equal(1000, store.Size(blob.Key));
    }

    [Fact]
    public async Task An_empty_blob_has_the_checksum_of_nothing()
    {
        var blob = await store.PutAsync(new MemoryStream(), maxBytes: 10, TestContext.Current.CancellationToken);

        Assert.Equal(0, blob.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", blob.Sha256);
    }

    [Fact]
    public async Task An_oversized_put_throws_and_leaves_no_file()
    {
        var error = await Assert.ThrowsAsync<BlobTooLargeException>(() =>
            store.PutAsync(new MemoryStream(RandomBytes(200_000)), maxBytes: 100_000, TestContext.Current.CancellationToken));

        Assert.Equal(100_000, error.Limit);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_endless_upload_is_stopped_at_the_limit()
    {
        await Assert.ThrowsAsync<BlobTooLargeException>(() =>
            store.PutAsync(new EndlessStream(), maxBytes: 1_000_000, TestContext.Current.CancellationToken));

        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cancelled_put_leaves_no_file()
    {
        using var cancel = new CancellationTokenSource();
        var content = new EndlessStream { AfterFirstRead = cancel.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(content, maxBytes: long.MaxValue, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone_and_deleting_it_again_is_no_error()
    {
        var blob = await store.PutAsync(new MemoryStream([1, 2, 3]), maxBytes: 10, TestContext.Current.CancellationToken);

        store.Delete(blob.Key);
        store.Delete(blob.Key);

        Assert.False(store.Exists(blob.Key));
        Assert.Throws<BlobNotFoundException>(() => store.OpenRead(blob.Key));
        Assert.Equal(blob.Key, Assert.Throws<BlobNotFoundException>(() => store.Size(blob.Key)).Key);
    }

    [Fact]
    public void A_well_formed_key_the_store_never_made_is_not_found()
    {
        const string key = "0f/1e/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

        Assert.False(store.Exists(key));
        Assert.Throws<BlobNotFoundException>(() => store.OpenRead(key));
        store.Delete(key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("0f/1e/../../../../../../etc/passwd")]
    [InlineData("0f/1e/0f1e2d3c4b5a69788796a5b4c3d2e1f0/..")]
    [InlineData("0f/1e/0f1e2d3c4b5a69788796a5b4c3d2e1f")]
    [InlineData("0F/1E/0F1E2D3C4B5A69788796A5B4C3D2E1F0")]
    [InlineData("00/00/0f1e2d3c4b5a69788796a5b4c3d2e1f0")]
    [InlineData("0f\\1e\\0f1e2d3c4b5a69788796a5b4c3d2e1f0")]
    [InlineData(".tmp/0f1e2d3c4b5a69788796a5b4c3d2e1f0.part")]
    [InlineData("0f/1e/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1")]
    public void Keys_the_store_could_not_have_made_are_rejected(string key)
    {
        Assert.Throws<ArgumentException>(() => store.OpenRead(key));
        Assert.Throws<ArgumentException>(() => store.Delete(key));
        Assert.Throws<ArgumentException>(() => store.Exists(key));
        Assert.Throws<ArgumentException>(() => store.Size(key));
        Assert.Throws<ArgumentException>(() => store.LocalPath(key));
    }

    /// <summary>An upload that never ends (a client streaming forever); not seekable, no length.</summary>
    private sealed class EndlessStream : Stream
    {
        public Action? AfterFirstRead { get; init; }
        private bool read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            if (!read) { read = true; AfterFirstRead?.Invoke(); }
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
