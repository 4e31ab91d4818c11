using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.LocalKcp.Api;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Faults;

/// <summary>
/// /localkcp/v1/faults: POST {"dropWatches":true} | {"compact":true} | {"errorRate":0.2,"status":500,"pathContains":"..."} |
/// {"latencyMs":50} | {"cutWritesAfter":N,"userAgent":"resource-broker"}; DELETE clears the standing faults; GET returns them.
/// </summary>
public sealed class FaultsEndpoint(FaultInjector faults)
{
    public const string Path = "/localkcp/v1/faults";

    public async Task HandleAsync(HttpContext context)
    {
        switch (context.Request.Method)
        {
            case "GET":
                break;
            case "DELETE":
                faults.Clear();
                break;
            case "POST":
                await ApplyAsync(context);
                break;
            default:
                throw StatusException.MethodNotAllowed($"{context.Request.Method} is not supported on {Path}");
        }

        await ResponseWriter.WriteJsonAsync(context, 200, faults.ToJson());
    }

    private async Task ApplyAsync(HttpContext context)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw StatusException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw StatusException.BadRequest($"the body could not be decoded: {e.Message}");
        }

        if (body["dropWatches"]?.GetValue<bool>() == true)
        {
            faults.DropWatches();
        }

        if (body["compact"]?.GetValue<bool>() == true)
        {
            faults.Compact();
        }

        var current = faults.Settings;
        if (body["errorRate"] is { } rate)
        {
            var value = rate.GetValue<double>();
            if (value is < 0 or > 1)
            {
                throw StatusException.BadRequest("errorRate must be between 0 and 1");
            }

            current = current with
            {
                ErrorRate = value,
                Status = body["status"]?.GetValue<int>() ?? 500,
                PathContains = body["pathContains"]?.GetValue<string>(),
            };
        }

        if (body["latencyMs"] is { } latency)
        {
            current = current with { LatencyMs = Math.Max(0, latency.GetValue<int>()) };
        }

        faults.Set(current);
        if (body["cutWritesAfter"] is { } cutoff)
        {
            var limit = cutoff.GetValue<int>();
            var agent = body["userAgent"]?.GetValue<string>();
            if (limit < 1 || string.IsNullOrEmpty(agent))
            {
                throw StatusException.BadRequest("cutWritesAfter must be at least 1 and userAgent must name the client");
            }

            faults.CutWritesAfter(limit, agent);
        }
    }
}
