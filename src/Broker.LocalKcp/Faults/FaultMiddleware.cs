using Broker.LocalKcp.Api;
using Microsoft.AspNetCore.Http;

namespace Broker.LocalKcp.Faults;

/// <summary>Applies standing faults (latency, error rate with Retry-After on 429) to every request but the faults endpoint itself, and the write cutoff.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.Cutoff is { } cutoff && cutoff.Applies(context.Request))
        {
            if (!await cutoff.RunAsync(context, () => ApplyAsync(context), context.RequestAborted))
            {
                await ResponseWriter.WriteStatusAsync(context, new StatusException(503, ReasonFor(503), "injected fault: writes cut off"));
            }

            return;
        }

        await ApplyAsync(context);
    }

    private async Task ApplyAsync(HttpContext context)
    {
        var settings = faults.Settings;
        var path = context.Request.Path.Value ?? "";
        if (!settings.IsActive || path.StartsWith(FaultsEndpoint.Path, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (settings.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), time, context.RequestAborted);
        }

        if (faults.ShouldFail(settings, path + context.Request.QueryString))
        {
            var error = new StatusException(settings.Status, ReasonFor(settings.Status), $"injected fault: {settings.Status}")
            {
                RetryAfterSeconds = settings.Status == 429 ? 1 : null,
            };
            await ResponseWriter.WriteStatusAsync(context, error);
            return;
        }

        await next(context);
    }

    private static string ReasonFor(int status) => status switch
    {
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        409 => "Conflict",
        404 => "NotFound",
        _ => "Unknown",
    };
}
