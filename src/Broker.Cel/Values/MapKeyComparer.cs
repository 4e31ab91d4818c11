namespace Broker.Cel.Values;

/// <summary>Compares map keys with CEL's heterogeneous numeric equality: <c>1</c>, <c>1u</c> and
/// <c>1.0</c> find the same entry.</summary>
internal sealed class MapKeyComparer : IEqualityComparer<object>
{
    public static MapKeyComparer Instance { get; } = new();

    public new bool Equals(object? x, object? y) => CelEquality.AreEqual(x, y);

    public int GetHashCode(object obj) => CelEquality.HashOf(obj);
}
