using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Api;

/// <summary>
/// Reads request bodies defensively: at most kube-apiserver's 3 MiB (413 beyond), valid UTF-8, JSON without duplicate
/// keys and at most 64 levels deep (400 otherwise), so no body can exhaust memory or the stack.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 3 * 1024 * 1024;
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var buffer = new ArrayBufferWriter<byte>(context.Request.ContentLength is { } length ? (int)Math.Max(length, 1) : 4096);
        while (true)
        {
            var read = await context.Request.Body.ReadAsync(buffer.GetMemory(8192), context.RequestAborted);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                throw TooLarge();
            }
        }
    }

    public static JsonNode? ParseJson(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw StatusException.BadRequest("the body of the request could not be decoded: it is not valid UTF-8");
        }

        try
        {
            return JsonNode.Parse(body, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }

    private static StatusException TooLarge() => new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
}
