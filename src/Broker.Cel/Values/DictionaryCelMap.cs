namespace Broker.Cel.Values;

/// <summary>A map produced by an expression (literal or macro result).</summary>
internal sealed class DictionaryCelMap(Dictionary<object, object?> entries) : CelMap
{
    public static DictionaryCelMap Empty { get; } = new(new Dictionary<object, object?>(MapKeyComparer.Instance));

    public override int Count => entries.Count;

    public override IEnumerable<object> Keys => entries.Keys;

    public override bool TryGetValue(object key, out object? value) => entries.TryGetValue(key, out value);

    public static Dictionary<object, object?> NewEntries(int capacity = 0) => new(capacity, MapKeyComparer.Instance);
}
