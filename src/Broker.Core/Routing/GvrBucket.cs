using System.Text.Json;

namespace Broker.Core.Routing;

/// <summary>
/// The AcceptAPIs of one GVR with their filter keys deduplicated: many AcceptAPIs filter on the same
/// few fields, so a decision resolves each distinct key once instead of once per filter.
/// </summary>
internal sealed class GvrBucket
{
    /// <summary>Distinct keys a decision can cache on the stack; a bucket with more resolves per filter.</summary>
    public const int MaxCachedKeys = ResolvedFields.Capacity;

    public GvrBucket(CompiledAcceptApi[] acceptApis)
    {
        AcceptApis = acceptApis;
        var keys = new List<FilterKey>();
        Slots = new int[acceptApis.Length][];
        for (var a = 0; a < acceptApis.Length; a++)
        {
            var filters = acceptApis[a].FilterArray;
            Slots[a] = new int[filters.Length];
            for (var f = 0; f < filters.Length; f++)
            {
                var slot = keys.IndexOf(filters[f].Key);
                if (slot < 0)
                {
                    slot = keys.Count;
                    keys.Add(filters[f].Key);
                }

                Slots[a][f] = slot;
            }
        }

        Keys = [.. keys];
    }

    public CompiledAcceptApi[] AcceptApis { get; }

    /// <summary>For each AcceptAPI, for each of its filters, the index of its key in <see cref="Keys"/>.</summary>
    public int[][] Slots { get; }

    public FilterKey[] Keys { get; }

    /// <summary>Whether AcceptAPI <paramref name="a"/> accepts the object, resolving keys through the shared cache.</summary>
    public bool Matches(int a, JsonElement obj, ref ResolvedFields fields)
    {
        var filters = AcceptApis[a].FilterArray;
        if (Keys.Length > MaxCachedKeys)
        {
            return AcceptApis[a].Matches(obj);
        }

        var slots = Slots[a];
        for (var f = 0; f < filters.Length; f++)
        {
            var found = fields.Resolve(slots[f], Keys[slots[f]], obj, out var value);
            if (!filters[f].Matches(found, value))
            {
                return false;
            }
        }

        return AcceptApis[a].Expression is not { } expression || expression.Matches(obj, out _);
    }
}
