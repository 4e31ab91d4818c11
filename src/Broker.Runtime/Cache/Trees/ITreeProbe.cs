namespace Broker.Runtime.Cache.Trees;

/// <summary>A position sought in a <see cref="PersistentTree{T, TOrder}"/>: negative when the probe sorts before
/// <paramref name="entry"/>, zero when it is that entry, positive after. A probe for a range (every object of a cluster)
/// never returns zero, so a seek lands on the range's first entry.</summary>
internal interface ITreeProbe<in T>
{
    int CompareTo(T entry);
}
