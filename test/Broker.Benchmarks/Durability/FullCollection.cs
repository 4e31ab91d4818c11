using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace Broker.Benchmarks.Durability;

/// <summary>
/// Makes another .NET process run a full, blocking garbage collection, as dotnet-gcdump does: an EventPipe session
/// with the runtime's GCHeapCollect keyword. The soak samples the broker's GC heap right after it, so each figure is
/// what is alive, not whatever garbage the last gen0 collection happened to leave in the older generations.
/// </summary>
internal static class FullCollection
{
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>
    /// Starts the collection in process <paramref name="processId"/> and waits until <paramref name="gen2Collections"/>
    /// (the process's count of gen2 collections) has grown, at most 30 s.
    /// </summary>
    public static async Task RunAsync(int processId, Func<Task<double>> gen2Collections, CancellationToken cancellationToken)
    {
        var before = await gen2Collections();
        var client = new DiagnosticsClient(processId);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollectKeyword), requestRundown: false);
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            while (await gen2Collections() <= before)
            {
                if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"process {processId} ran no full collection within 30 s of the request");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
        }
    }
}
