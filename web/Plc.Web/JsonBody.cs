using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Plc.Web;

/// <summary>
/// Reads a request's JSON body, bounded: <c>Content-Type: application/json</c> (else 415; a form post from another
/// site cannot send that without a CORS preflight, which this server never answers), at most
/// <see cref="MaxBytes"/> bytes (else 413), well-formed and not nested deeper than 8 (else 400).
/// </summary>
public static class JsonBody
{
    /// <summary>The largest request body: 64 KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The parsed body, or null with a status and a message.</summary>
    public static async Task<(JsonDocument? Document, int Status, string Error)> ReadAsync(HttpRequest request)
    {
        string? type = request.ContentType;
        if (type == null || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)");
        if (request.ContentLength is > MaxBytes)
            return (null, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBytes} bytes");
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                int n = await request.Body.ReadAsync(chunk);
                if (n == 0) break;
                if (buffer.Length + n > MaxBytes)
                    return (null, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBytes} bytes");
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode, e.Message);
        }
        if (buffer.Length == 0) return (null, StatusCodes.Status400BadRequest, "the body is empty; a JSON object was expected");
        try
        {
            var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, StatusCodes.Status400BadRequest, "the body must be a JSON object");
            }
            return (document, 0, "");
        }
        catch (JsonException e)
        {
            return (null, StatusCodes.Status400BadRequest, "malformed JSON: " + e.Message);
        }
    }

    /// <summary>A string member of the body's object; null when it is missing or not a string.</summary>
    public static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
