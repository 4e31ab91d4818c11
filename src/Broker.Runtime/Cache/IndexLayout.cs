using System.Collections.Frozen;

namespace Broker.Runtime.Cache;

/// <summary>A store's indexes in order: an object keeps its values by position (<see cref="PackedIndexValues"/>), and
/// a snapshot its index contents.</summary>
internal sealed class IndexLayout
{
    public static readonly IndexLayout None = new([]);

    private readonly FrozenDictionary<string, int> _positions;

    public IndexLayout(IReadOnlyList<CacheIndex> indexes)
    {
        if (indexes.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count() != indexes.Count)
        {
            throw new ArgumentException($"Index names repeat: {string.Join(", ", indexes.Select(i => i.Name))}", nameof(indexes));
        }

        Indexes = indexes;
        _positions = indexes.Select((index, position) => (index.Name, position)).ToFrozenDictionary(p => p.Name, p => p.position, StringComparer.Ordinal);
    }

    public IReadOnlyList<CacheIndex> Indexes { get; }

    public bool TryPosition(string index, out int position) => _positions.TryGetValue(index, out position);

    public int Position(string index) =>
        TryPosition(index, out var position) ? position : throw new ArgumentException($"No index named '{index}'", nameof(index));
}
