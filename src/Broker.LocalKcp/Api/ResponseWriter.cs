using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Discovery;
using Broker.LocalKcp.Json;
using Broker.LocalKcp.Storage;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Api;

/// <summary>Writes JSON responses; stored objects go out as their stored bytes unless a version conversion is needed.</summary>
public static class ResponseWriter
{
    public const string JsonContentType = "application/json";

    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode value)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(ObjectMeta.Serialize(value), context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, StatusException error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    public static async Task WriteObjectAsync(HttpContext context, int code, StoredObject value, ApiResource resource)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(Serialized(value, resource), context.RequestAborted);
    }

    public static async Task WriteListAsync(HttpContext context, ApiResource resource, ListResult list)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("apiVersion", resource.GroupVersion);
        writer.WriteString("kind", resource.ListKind);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", list.Revision.ToString(CultureInfo.InvariantCulture));
        if (list.Continue is { } token)
        {
            writer.WriteString("continue", token);
            if (list.RemainingItemCount is { } remaining)
            {
                writer.WriteNumber("remainingItemCount", remaining);
            }
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in list.Items)
        {
            writer.WriteRawValue(Serialized(item, resource).Span, skipInputValidation: true);
            if (writer.BytesPending > 32 * 1024)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>The object's JSON in the resource's version.</summary>
    public static ReadOnlyMemory<byte> Serialized(StoredObject value, ApiResource resource) =>
        resource.NeedsConversion
            ? ObjectMeta.Serialize(ResourceService.FromStorage(resource, value.ToJsonObject()))
            : value.Json;
}
