using Broker.LocalKcp.Hosting;
using Broker.LocalKcp.Storage;
using Broker.LocalKcp.Watch;

namespace Broker.LocalKcp.Apis;

/// <summary>
/// Which shards host APIBindings to which export (by the export label each binding carries), kept up to date from the
/// shards' store events: the endpoint-slice controller reads it instead of listing every binding of every shard for each
/// slice, which with tens of thousands of bindings (a staging workspace per consumer and provider) made each binding
/// write cost a scan per slice.
/// </summary>
internal sealed class BindingsByExport
{
    private static readonly StorageKey Bindings = new(KcpGroups.Apis, "apibindings");

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Shard, ObjectKey Binding), string> _labels = [];
    private readonly Dictionary<(string Shard, string Label), int> _counts = [];
    private int _changed;

    public BindingsByExport(IReadOnlyList<Shard> shards)
    {
        foreach (var shard in shards)
        {
            shard.Store.AddListener(e => Apply(shard.Name, e));
        }

        // Listening first, then what is stored already (state restored from --dir): an entry the events set is not replaced.
        foreach (var shard in shards)
        {
            foreach (var binding in shard.Store.List(Bindings, null, null).Items)
            {
                lock (_gate)
                {
                    if (!_labels.ContainsKey((shard.Name, binding.Key)) && binding.GetLabel(KcpGroups.ExportLabel) is { } label)
                    {
                        Add(shard.Name, binding.Key, label);
                    }
                }
            }
        }
    }

    /// <summary>Whether <paramref name="shard"/> hosts at least one binding to the export with <paramref name="label"/>.</summary>
    public bool Hosts(string shard, string label)
    {
        lock (_gate)
        {
            return _counts.ContainsKey((shard, label));
        }
    }

    /// <summary>True once after some shard gained its first, or lost its last, binding to an export: the only binding
    /// changes that change a slice's endpoints.</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    // Runs under the shard store's lock: bookkeeping only.
    private void Apply(string shard, WatchEvent e)
    {
        if (e.Resource != Bindings || (e.Object ?? e.Previous) is not { } binding)
        {
            return;
        }

        var label = e.Type == WatchEventType.Deleted ? null : binding.GetLabel(KcpGroups.ExportLabel);
        lock (_gate)
        {
            if (_labels.TryGetValue((shard, binding.Key), out var old))
            {
                if (old == label)
                {
                    return;
                }

                _labels.Remove((shard, binding.Key));
                var left = _counts[(shard, old)] - 1;
                if (left == 0)
                {
                    _counts.Remove((shard, old));
                    Interlocked.Exchange(ref _changed, 1);
                }
                else
                {
                    _counts[(shard, old)] = left;
                }
            }

            if (label is not null)
            {
                Add(shard, binding.Key, label);
            }
        }
    }

    private void Add(string shard, ObjectKey binding, string label)
    {
        _labels[(shard, binding)] = label;
        var count = _counts.GetValueOrDefault((shard, label)) + 1;
        _counts[(shard, label)] = count;
        if (count == 1)
        {
            Interlocked.Exchange(ref _changed, 1);
        }
    }
}
