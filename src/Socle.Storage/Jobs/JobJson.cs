using System.Text.Json;

namespace Socle.Storage.Jobs;

/// <summary>One JSON form for payloads and results (camelCase, as the HTTP API shows them).</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);
}
