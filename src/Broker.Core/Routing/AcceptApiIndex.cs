using System.Collections.Frozen;

namespace Broker.Core.Routing;

/// <summary>
/// An immutable set of compiled AcceptAPIs grouped by GVR, each group ordered by priority (highest
/// first) and then by identity, so every walk over it is deterministic. Rebuild it on change; readers
/// never lock.
/// </summary>
public sealed class AcceptApiIndex
{
    private readonly FrozenDictionary<GvrKey, GvrBucket> _byGvr;

    private AcceptApiIndex(IReadOnlyList<CompiledAcceptApi> all)
    {
        All = all;
        _byGvr = all.GroupBy(a => a.Gvr).ToFrozenDictionary(g => g.Key, g => new GvrBucket(g.ToArray()));
    }

    public static AcceptApiIndex Empty { get; } = new([]);

    /// <summary>Every AcceptAPI, ordered by priority then identity.</summary>
    public IReadOnlyList<CompiledAcceptApi> All { get; }

    /// <exception cref="ArgumentException">Two AcceptAPIs share one identity.</exception>
    public static AcceptApiIndex Build(IEnumerable<CompiledAcceptApi> acceptApis)
    {
        var ordered = acceptApis.OrderByDescending(a => a.Priority).ThenBy(a => a.Id, AcceptApiId.Order).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Id == ordered[i - 1].Id)
            {
                throw new ArgumentException($"AcceptAPI {ordered[i].Id} appears twice", nameof(acceptApis));
            }
        }

        return new AcceptApiIndex(ordered);
    }

    /// <summary>The AcceptAPIs for one GVR, highest priority first; empty when none.</summary>
    public ReadOnlySpan<CompiledAcceptApi> For(GvrKey gvr) => _byGvr.TryGetValue(gvr, out var bucket) ? bucket.AcceptApis : [];

    internal GvrBucket? Bucket(GvrKey gvr) => _byGvr.GetValueOrDefault(gvr);

    public bool TryGet(AcceptApiId id, GvrKey gvr, out CompiledAcceptApi? acceptApi)
    {
        foreach (var candidate in For(gvr))
        {
            if (candidate.Id == id)
            {
                acceptApi = candidate;
                return true;
            }
        }

        acceptApi = null;
        return false;
    }
}
