using System.Text.Json.Nodes;
using Broker.LocalKcp.Hosting;

namespace Broker.LocalKcp.Faults;

/// <summary>
/// Fault injection for reliability tests: one-shot actions (drop every watch, compact history) and
/// standing faults (error rate, latency) that the fault middleware applies to API requests.
/// </summary>
public sealed class FaultInjector(IReadOnlyList<Shard> shards, Random random)
{
    private readonly Lock _lock = new();
    private FaultSettings _settings = FaultSettings.None;
    private WriteCutoff? _cutoff;

    public FaultSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Set(FaultSettings settings)
    {
        lock (_lock)
        {
            _settings = settings;
        }
    }

    /// <summary>The standing write cutoff, if any.</summary>
    public WriteCutoff? Cutoff => Volatile.Read(ref _cutoff);

    /// <summary>Clears the standing faults and the write cutoff (its held writes are answered 503).</summary>
    public void Clear()
    {
        Set(FaultSettings.None);
        Interlocked.Exchange(ref _cutoff, null)?.Release();
    }

    /// <summary>Holds every write of clients whose User-Agent starts with <paramref name="userAgent"/> after their <paramref name="limit"/>-th.</summary>
    public WriteCutoff CutWritesAfter(int limit, string userAgent)
    {
        var cutoff = new WriteCutoff(limit, userAgent);
        Interlocked.Exchange(ref _cutoff, cutoff)?.Release();
        return cutoff;
    }

    /// <summary>Closes every open watch on every shard; returns how many.</summary>
    public int DropWatches() => shards.Sum(s => s.Store.DropWatches());

    /// <summary>Forgets the watch history of every shard, so every resume gets 410 Gone.</summary>
    public void Compact()
    {
        foreach (var shard in shards)
        {
            shard.Store.Compact();
        }
    }

    /// <summary>Whether this request should fail, by the standing error rate.</summary>
    public bool ShouldFail(FaultSettings settings, string path)
    {
        if (settings.ErrorRate <= 0 || (settings.PathContains is { Length: > 0 } part && !path.Contains(part, StringComparison.Ordinal)))
        {
            return false;
        }

        lock (_lock)
        {
            return random.NextDouble() < settings.ErrorRate;
        }
    }

    public JsonObject ToJson()
    {
        var settings = Settings;
        var result = new JsonObject();
        if (settings.ErrorRate > 0)
        {
            result["errorRate"] = settings.ErrorRate;
            result["status"] = settings.Status;
            if (settings.PathContains is not null)
            {
                result["pathContains"] = settings.PathContains;
            }
        }

        if (settings.LatencyMs > 0)
        {
            result["latencyMs"] = settings.LatencyMs;
        }

        // Not a fault, but what a soak watches while faults drop watches: the watches open now.
        result["openWatches"] = shards.Sum(s => s.Store.WatcherCount);
        if (Cutoff is { } cutoff)
        {
            result["cutWritesAfter"] = cutoff.Limit;
            result["userAgent"] = cutoff.UserAgent;
            result["writesAnswered"] = cutoff.Answered;
            result["cutoffReached"] = cutoff.Reached.IsCompleted;
            result["writes"] = new JsonArray([.. cutoff.Log.Select(w => (JsonNode)w)]);
        }

        return result;
    }
}
