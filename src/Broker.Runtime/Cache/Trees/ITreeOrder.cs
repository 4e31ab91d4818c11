namespace Broker.Runtime.Cache.Trees;

/// <summary>The total order of a <see cref="PersistentTree{T, TOrder}"/>'s entries: two entries that compare equal are
/// the same entry (a write of one replaces the other).</summary>
internal interface ITreeOrder<in T>
{
    static abstract int Compare(T x, T y);
}
