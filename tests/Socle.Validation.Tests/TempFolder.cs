namespace Socle.Validation.Tests;

/// <summary>A temporary folder for generated test files, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("socle-sources-").FullName;

    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string File(string name, string content, System.Text.Encoding encoding) => File(name, encoding.GetBytes(content));

    /// <summary>A text file in UTF-8 without BOM.</summary>
    public string File(string name, string content) => File(name, new System.Text.UTF8Encoding(false).GetBytes(content));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
